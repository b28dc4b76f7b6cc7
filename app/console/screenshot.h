#pragma once

#include <QObject>
#include <QSize>
#include <QString>

namespace feather {

class MainWindow;
class ResyncConfirmDialog;

// --screenshot: waits for the first load to finish, optionally runs a demo resync, shows the
// requested view, saves a PNG and quits the application (0 on success, 1 on failure).
class ScreenshotDirector final : public QObject {
    Q_OBJECT
public:
    ScreenshotDirector(MainWindow *window, QString file, QString view, bool demoRun,
                       QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ScreenshotDirector)

    void start(int timeoutMs = 90000);

private:
    void onLoaded();
    void showBusiestKb();
    void selectMixed();
    void showDetails();
    void onConfirmation(ResyncConfirmDialog *dialog);
    void capture();
    void save(QWidget *widget);
    void fail(const QString &why);

    MainWindow *m_window;
    QString m_file;
    QString m_view;
    bool m_demoRun;
    bool m_started = false;
    bool m_done = false;
};

} // namespace feather
