// A CSV export of the results panel is readable by its owner only (issue 13 item 7), whether
// the file is new or an older export is overwritten.
#include "models/resultmodel.h"
#include "ui/resultspanel.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using namespace feather;

class TestExportMode final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void csvExport_isOwnerOnly_newOrOverwritten()
    {
        ::umask(022); // the usual one: without care, group and others could read the export
        QTemporaryDir dir;
        ResultModel model;
        TriggerResult r;
        r.target = TriggerTarget{QStringLiteral("11111111-1111-4111-8111-111111111111"),
                                 QStringLiteral("22222222-2222-4222-8222-222222222222"),
                                 {}};
        r.outcome = Outcome::Triggered;
        model.addAttempt(r, QStringLiteral("KB"), QStringLiteral("Source"));
        ResultsPanel panel(&model);
        const QFile::Permissions groupOrOther =
            QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;

        const QString fresh = dir.filePath(QStringLiteral("fresh.csv"));
        QString why;
        QVERIFY2(panel.exportCsv(fresh, &why), qPrintable(why));
        QVERIFY(!(QFile::permissions(fresh) & groupOrOther));
        QFile f(fresh);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("22222222-2222-4222-8222-222222222222"));

        const QString old = dir.filePath(QStringLiteral("old.csv"));
        QFile older(old);
        QVERIFY(older.open(QIODevice::WriteOnly));
        older.close();
        QVERIFY(QFile::setPermissions(old, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup
                                               | QFile::ReadOther));
        QVERIFY2(panel.exportCsv(old, &why), qPrintable(why));
        QVERIFY(!(QFile::permissions(old) & groupOrOther));
    }
};

QTEST_MAIN(TestExportMode)
#include "tst_export_mode.moc"
