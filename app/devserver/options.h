#pragma once

#include "devserver/devserver.h"

#include <QHostAddress>
#include <QProcessEnvironment>
#include <QStringList>

namespace feather::devserver {

// feather-devserver's command line, checked completely before anything is opened.
struct CommandLine {
    DevServerOptions server;
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8000;
    bool allowRemote = false;
    int seedDemo = 0;
    QString readyFile;
};

struct ParsedCommandLine {
    enum class Action { Run, PrintAndExit, UsageError };
    Action action = Action::UsageError;
    CommandLine commandLine;
    QString text; // help/version text (stdout) or the one-line reason (stderr, exit 2)
};

// `arguments` includes the program name. The API key comes from --api-key-file or
// FEATHER_API_KEY and the PostgreSQL password from PGPASSWORD, both read from `env`.
ParsedCommandLine parseCommandLine(const QStringList &arguments, const QProcessEnvironment &env);

// "http://127.0.0.1:8000" / "http://[::1]:8000".
QString baseUrl(const QHostAddress &address, quint16 port);

} // namespace feather::devserver
