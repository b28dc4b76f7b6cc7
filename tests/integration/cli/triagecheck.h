#pragma once

// The featherctl triage contract, checked the same way in API and direct mode: every action
// class shows up for the demo data, the causes add up to the errored sources, and
// `resync --all --fixable --dry-run` targets exactly the sources of fixable causes.
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

namespace feather::test {

inline QList<QJsonObject> triageJsonLines(const QByteArray &out)
{
    QList<QJsonObject> rows;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            rows << QJsonDocument::fromJson(line).object();
    }
    return rows;
}

// `run` runs featherctl with the connection arguments already in place. `everyClass`: the
// data is large enough (200 demo sources) to carry every action class.
template <typename Run>
void checkTriageContract(Run run, bool everyClass)
{
    ProcessResult r = run(QStringList{QStringLiteral("--json"), QStringLiteral("sources"),
                                      QStringLiteral("--status"), QStringLiteral("error")});
    QCOMPARE(r.exitCode, 0);
    const int errored = int(triageJsonLines(r.out).size());
    QVERIFY(errored >= 5);

    r = run(QStringList{QStringLiteral("--json"), QStringLiteral("triage")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QSet<QString> actions;
    QSet<QString> fixable;
    int total = 0;
    for (const QJsonObject &cause : triageJsonLines(r.out)) {
        const QString action = cause.value(QStringLiteral("action")).toString();
        actions << action;
        total += cause.value(QStringLiteral("count")).toInt();
        const QJsonArray sources = cause.value(QStringLiteral("sources")).toArray();
        QCOMPARE(int(sources.size()), cause.value(QStringLiteral("count")).toInt());
        const bool isFixable =
            action == QLatin1String("resync") || action == QLatin1String("wait_and_resync");
        QCOMPARE(cause.value(QStringLiteral("fixable")).toBool(), isFixable);
        if (action != QLatin1String("unknown")) // a recognised cause was read from a message
            QVERIFY(!cause.value(QStringLiteral("example")).toString().isEmpty());
        for (const QJsonValue &s : sources) {
            if (isFixable)
                fixable << s.toObject().value(QStringLiteral("source_id")).toString();
        }
    }
    QCOMPARE(total, errored);
    if (everyClass) {
        for (const char *a :
             {"reauthorise", "fix_configuration", "wait_and_resync", "resync", "unknown"})
            QVERIFY2(actions.contains(QString::fromLatin1(a)), a);
    } else {
        QVERIFY2(actions.size() >= 2, // at least one fixable and one not (below)
                 qPrintable(QStringList(actions.cbegin(), actions.cend()).join(u',')));
    }
    QVERIFY(!fixable.isEmpty());
    QVERIFY2(r.err.contains("errored source"), r.err.constData()); // the summary, on stderr

    r = run(QStringList{QStringLiteral("--json"), QStringLiteral("resync"), QStringLiteral("--all"),
                        QStringLiteral("--fixable"), QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());
    QSet<QString> targeted;
    for (const QJsonObject &row : triageJsonLines(r.out))
        targeted << row.value(QStringLiteral("source_id")).toString();
    QCOMPARE(targeted, fixable);
    QVERIFY2(r.err.contains("a resync will not fix"), r.err.constData());
}

} // namespace feather::test
