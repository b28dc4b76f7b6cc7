#include "ui/historypanel.h"

#include "config/auditlog.h"
#include "core/continuation.h"
#include "models/historymodel.h"
#include "models/knowledgebasemodel.h"
#include "models/presentation.h"
#include "models/sourcemodel.h"
#include "ui/viewstate.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
// The search box matches what the table shows (names, outcome, message) and the raw ids behind
// it: KB, source, job and trigger ids, whole or in part.
class HistoryFilterProxy final : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    Q_DISABLE_COPY_MOVE(HistoryFilterProxy)

    void setText(const QString &text)
    {
        if (text == m_text)
            return;
        m_text = text;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override
    {
        if (m_text.isEmpty())
            return true;
        const auto *model = static_cast<const HistoryModel *>(sourceModel());
        const AuditEntry &e = model->entries().at(sourceRow);
        for (const QString &id : {e.kbId, e.sourceId, e.jobId, e.triggerId}) {
            if (id.contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        for (int c = 0; c < model->columnCount(); ++c) {
            if (model->index(sourceRow, c, sourceParent)
                    .data(Qt::DisplayRole)
                    .toString()
                    .contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

private:
    QString m_text;
};
} // namespace

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new HistoryModel(this))
    , m_proxy(new HistoryFilterProxy(this))
    , m_view(new QTableView(this))
    , m_period(new QComboBox(this))
    , m_outcome(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_operator(new QLineEdit(this))
    , m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    m_period->addItem(tr("Last 24 hours"), 1);
    m_period->addItem(tr("Last 7 days"), 7);
    m_period->addItem(tr("Last 30 days"), 30);
    m_period->addItem(tr("Everything"), 0);
    m_period->setCurrentIndex(1);
    m_period->setAccessibleName(tr("History period"));
    m_outcome->addItem(tr("All outcomes"), -1);
    for (int o = 0; o < OutcomeCount; ++o)
        m_outcome->addItem(outcomeIcon(Outcome(o)), displayName(Outcome(o)), o);
    m_outcome->setAccessibleName(tr("History outcome filter"));
    m_text->setPlaceholderText(tr("Search KB or source name, job or trigger id…"));
    m_text->setClearButtonEnabled(true);
    m_text->setAccessibleName(tr("History search"));
    m_operator->setPlaceholderText(tr("Operator (user or user@host)"));
    m_operator->setClearButtonEnabled(true);
    m_operator->setAccessibleName(tr("History operator filter"));
    m_operator->setToolTip(tr("Only this operator's rows: user@host exactly, or a user on any "
                              "machine"));
    auto *refresh = new QPushButton(themedIcon(u"action-refresh"_s), tr("Reload"), this);
    refresh->setAccessibleName(tr("Reload history"));
    m_summary->setAccessibleName(tr("History summary"));
    bar->addWidget(m_period);
    bar->addWidget(m_outcome);
    bar->addWidget(m_operator);
    bar->addWidget(m_text, 1);
    bar->addWidget(refresh);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HistoryModel::RawValueRole);
    m_view->setModel(m_proxy);
    setUpTable(m_view, tr("Audit history"));
    m_view->sortByColumn(HistoryModel::TimeColumn, Qt::DescendingOrder);
    // Widths come from the model's column descriptors.
    // Machine is a later column (appended to the model): by default it stands beside Operator.
    const bool savedLayout = QSettings().contains(u"layout/history"_s);
    restoreHeader(m_view->horizontalHeader(), u"history"_s);
    if (!savedLayout) {
        QHeaderView *header = m_view->horizontalHeader();
        header->moveSection(header->visualIndex(HistoryModel::MachineColumn),
                            header->visualIndex(HistoryModel::OperatorColumn) + 1);
    }
    addColumnMenu(m_view->horizontalHeader());

    // Like the results: the whole message and whole rows can be copied, not only read.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *copyMessage = new QAction(tr("Copy message"), m_view);
    connect(copyMessage, &QAction::triggered, this, [this] {
        QApplication::clipboard()->setText(
            selectedColumnText(m_view, HistoryModel::MessageColumn, Qt::DisplayRole));
    });
    auto *copyRows = new QAction(tr("Copy row as text"), m_view);
    copyRows->setShortcuts({QKeySequence(tr("Ctrl+Shift+C")), QKeySequence::Copy});
    copyRows->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copyRows, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedRowsAsText(m_view)); });
    m_view->addActions({copyMessage, copyRows});
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_period, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(refresh, &QPushButton::clicked, this, &HistoryPanel::reload);
    connect(m_operator, &QLineEdit::editingFinished, this, &HistoryPanel::reload);
    connect(m_text, &QLineEdit::textChanged, m_proxy, [this](const QString &text) {
        static_cast<HistoryFilterProxy *>(m_proxy)->setText(text.trimmed());
    });
}

HistoryPanel::~HistoryPanel()
{
    saveHeader(m_view->horizontalHeader(), u"history"_s);
}

void HistoryPanel::setAuditLogPath(const QString &path)
{
    m_path = path;
}

void HistoryPanel::setTeamUrl(const QString &url)
{
    m_teamUrl = url;
}

void HistoryPanel::setNames(const KnowledgeBaseModel *kbs, const SourceModel *sources)
{
    // Both are UUIDs, so one map names KBs and sources alike.
    QHash<QString, QString> names;
    for (const KnowledgeBase &kb : kbs->knowledgeBases())
        names.insert(kb.id, kb.name);
    for (int r = 0; r < sources->rowCount(); ++r)
        names.insert(sources->sourceAt(r).id, sources->sourceAt(r).connectionNickname);
    m_model->setNames(names);
}

void HistoryPanel::reload()
{
    if (m_loading) {
        m_reloadAgain = true; // coalesce: one more query when this one lands
        return;
    }
    m_loading = true;
    AuditQuery query;
    query.limit = 5000;
    if (const int days = m_period->currentData().toInt(); days > 0)
        query.since = QDateTime::currentDateTimeUtc().addDays(-days);
    if (const int outcome = m_outcome->currentData().toInt(); outcome >= 0)
        query.outcomes = {Outcome(outcome)};
    query.operatorName = m_operator->text().trimmed();
    const QString path = m_path.isEmpty() ? AuditLog::defaultPath() : m_path;
    struct Loaded {
        QList<AuditEntry> entries;
        QString team;    // the team database read, empty when the local log was
        QString warning; // why the team database was not read
    };
    // A private AuditLog on the worker: it opens its own named connection there and closes it
    // before the worker returns, so the GUI thread never waits on SQLite or the network.
    const QFuture<Loaded> loading = QtConcurrent::run([path, query, team = m_teamUrl] {
        AuditLog log(path);
        QString why;
        if (!team.isEmpty() && !log.setTeamUrl(team, &why))
            return Loaded{{}, {}, why};
        Loaded loaded;
        loaded.entries = log.query(query);
        loaded.warning = log.warning();
        loaded.team = loaded.warning.isEmpty() ? log.teamUrl() : QString();
        return loaded;
    });
    // Not then(): a fast worker would have it emit `reloaded` inside this call.
    continueOnFinished(loading, this, [this, path](const Loaded &loaded) {
        const QList<AuditEntry> &entries = loaded.entries;
        m_loading = false;
        m_model->setEntries(entries);
        m_summary->setText(
            loaded.team.isEmpty()
                ? tr("%1 attempt(s) in the local audit log for this period").arg(entries.size())
                : tr("%1 attempt(s) in the team audit log for this period").arg(entries.size()));
        m_summary->setToolTip(loaded.team.isEmpty() ? path : loaded.team);
        if (!loaded.warning.isEmpty())
            Q_EMIT auditWarning(loaded.warning);
        Q_EMIT reloaded(int(entries.size()));
        if (std::exchange(m_reloadAgain, false))
            reload();
    });
}

} // namespace feather
