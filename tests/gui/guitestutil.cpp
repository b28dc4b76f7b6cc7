#include "guitestutil.h"

#include "models/sourcemodel.h"
#include "models/workspace.h"
#include "ui/confirmdialog.h"
#include "ui/mainwindow.h"

#include <QDirIterator>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace feather::test {

bool waitLoaded(MainWindow &window, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] { return window.workspace()->hasLoaded() && !window.workspace()->isLoading(); },
        timeoutMs);
}

QStringList sourcesWithStatus(MainWindow &window, const QString &status, int count)
{
    QStringList ids;
    const SourceModel *model = window.workspace()->sources();
    for (int r = 0; r < model->rowCount() && ids.size() < count; ++r) {
        if (model->sourceAt(r).status == status && !model->isInFlight(model->sourceAt(r).id))
            ids << model->sourceAt(r).id;
    }
    return ids;
}

ResyncConfirmDialog *openConfirmation(MainWindow &window, const std::function<void()> &action)
{
    ResyncConfirmDialog *dialog = nullptr;
    const auto connection = QObject::connect(&window, &MainWindow::confirmationShown, &window,
                                             [&](ResyncConfirmDialog *d) { dialog = d; });
    action();
    const bool shown = QTest::qWaitFor([&] { return dialog != nullptr; }, 5000);
    QObject::disconnect(connection);
    return shown ? dialog : nullptr;
}

bool confirmAndWaitForRun(MainWindow &window, ResyncConfirmDialog *dialog, int timeoutMs)
{
    if (!dialog || !QTest::qWaitFor([&] { return dialog->isPreviewFinished(); }, timeoutMs))
        return false;
    QSignalSpy finished(window.workspace(), &Workspace::runFinished);
    QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
    return QTest::qWaitFor([&] { return !finished.isEmpty(); }, timeoutMs);
}

QStringList filesContaining(const QByteArray &needle)
{
    QStringList hits;
    QSet<QString> seen;
    for (const auto location :
         {QStandardPaths::GenericConfigLocation, QStandardPaths::AppConfigLocation,
          QStandardPaths::AppDataLocation, QStandardPaths::GenericDataLocation,
          QStandardPaths::GenericCacheLocation}) {
        QDirIterator it(QStandardPaths::writableLocation(location), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (seen.contains(path))
                continue;
            seen.insert(path);
            QFile f(path);
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
                hits << path;
        }
    }
    return hits;
}

} // namespace feather::test
