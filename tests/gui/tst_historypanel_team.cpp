// The History tab over the team audit trail (real PostgreSQL from the ctest fixture): rows of
// several operators with their machine, the operator filter, and the local fallback with its
// warning when the team database cannot be reached.
#include "config/auditlog.h"
#include "models/historymodel.h"
#include "support/teamaudit.h"
#include "support/testsupport.h"
#include "ui/historypanel.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace feather;
using namespace Qt::StringLiterals;
using feather::test::teamAttempt;
using feather::test::teamOperator;

namespace {

QStringList column(const HistoryModel *model, int column)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, column).data().toString();
    out.sort();
    return out;
}

} // namespace

class TestHistoryPanelTeam final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void teamHistory_showsOperatorAndMachine_andFiltersByOperator()
    {
        QString why;
        const QString url = test::createPgDatabase(u"historyteam"_s, &why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        {
            AuditLog writer(m_dir.filePath(u"writer.sqlite"_s));
            QVERIFY(writer.setTeamUrl(url, &why));
            QVERIFY(writer.append(teamAttempt(1), teamOperator(u"alice"_s, u"desk-a"_s)));
            QVERIFY(writer.append(teamAttempt(2), teamOperator(u"bob"_s, u"desk-b"_s)));
            QVERIFY(writer.append(teamAttempt(3), teamOperator(u"alice"_s, u"laptop-a"_s)));
            QVERIFY(writer.warning().isEmpty());
        }
        HistoryPanel panel;
        panel.setAuditLogPath(m_dir.filePath(u"reader.sqlite"_s));
        panel.setTeamUrl(url);
        QSignalSpy reloaded(&panel, &HistoryPanel::reloaded);
        QSignalSpy warned(&panel, &HistoryPanel::auditWarning);
        panel.reload();
        QVERIFY(reloaded.wait(20000));
        QCOMPARE(reloaded.takeFirst().at(0).toInt(), 3);
        QCOMPARE(warned.size(), 0);
        const HistoryModel *model = panel.model();
        QCOMPARE(column(model, HistoryModel::MachineColumn),
                 (QStringList{u"desk-a"_s, u"desk-b"_s, u"laptop-a"_s}));
        QCOMPARE(column(model, HistoryModel::OperatorColumn),
                 (QStringList{u"alice@desk-a"_s, u"alice@laptop-a"_s, u"bob@desk-b"_s}));
        QCOMPARE(model->headerData(HistoryModel::MachineColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
                 u"Machine"_s);

        panel.operatorField()->setText(u"alice"_s);
        Q_EMIT panel.operatorField()->editingFinished();
        QVERIFY(reloaded.wait(20000));
        QCOMPARE(reloaded.takeFirst().at(0).toInt(), 2);
        QCOMPARE(column(model, HistoryModel::OperatorColumn),
                 (QStringList{u"alice@desk-a"_s, u"alice@laptop-a"_s}));
        panel.operatorField()->setText(u"bob@desk-b"_s);
        Q_EMIT panel.operatorField()->editingFinished();
        QVERIFY(reloaded.wait(20000));
        QCOMPARE(reloaded.takeFirst().at(0).toInt(), 1);

        const QString shot = qEnvironmentVariable("FEATHER_HISTORY_SHOT");
        if (!shot.isEmpty()) { // docs: scripts/screenshots can ask for a picture of this state
            panel.operatorField()->clear();
            Q_EMIT panel.operatorField()->editingFinished();
            QVERIFY(reloaded.wait(20000));
            panel.resize(1300, 260);
            QVERIFY(panel.grab().save(shot));
        }
    }

    void unreachableTeam_showsLocalRows_andWarns()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const QString local = m_dir.filePath(u"offline.sqlite"_s);
        {
            AuditLog log(local);
            QVERIFY(log.append(teamAttempt(9), teamOperator(u"erin"_s, u"desk-e"_s)));
        }
        HistoryPanel panel;
        panel.setAuditLogPath(local);
        panel.setTeamUrl(u"postgresql://postgres@127.0.0.1:%1/none"_s.arg(port));
        QSignalSpy reloaded(&panel, &HistoryPanel::reloaded);
        QSignalSpy warned(&panel, &HistoryPanel::auditWarning);
        panel.reload();
        QVERIFY(reloaded.wait(20000));
        QCOMPARE(reloaded.takeFirst().at(0).toInt(), 1);
        QCOMPARE(warned.size(), 1);
        QVERIFY2(warned.at(0).at(0).toString().contains(u"team audit log unavailable"_s),
                 qPrintable(warned.at(0).at(0).toString()));
        QCOMPARE(panel.model()->index(0, HistoryModel::MachineColumn).data().toString(),
                 u"desk-e"_s);
    }
};

QTEST_MAIN(TestHistoryPanelTeam)
#include "tst_historypanel_team.moc"
