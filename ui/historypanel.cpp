#include "ui/historypanel.h"

#include "config/auditlog.h"
#include "models/historymodel.h"
#include "models/presentation.h"
#include "ui/viewstate.h"

#include <QComboBox>
#include <QFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace feather {

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new HistoryModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_period(new QComboBox(this))
    , m_outcome(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    m_period->addItem(u"Last 24 hours"_s, 1);
    m_period->addItem(u"Last 7 days"_s, 7);
    m_period->addItem(u"Last 30 days"_s, 30);
    m_period->addItem(u"Everything"_s, 0);
    m_period->setCurrentIndex(1);
    m_period->setAccessibleName(u"History period"_s);
    m_outcome->addItem(u"All outcomes"_s, -1);
    for (int o = 0; o < OutcomeCount; ++o)
        m_outcome->addItem(outcomeIcon(Outcome(o)), displayName(Outcome(o)), o);
    m_outcome->setAccessibleName(u"History outcome filter"_s);
    m_text->setPlaceholderText(u"KB, source, job or trigger id contains…"_s);
    m_text->setClearButtonEnabled(true);
    m_text->setAccessibleName(u"History id filter"_s);
    auto *refresh = new QPushButton(themedIcon(u"action-refresh"_s), u"Reload"_s, this);
    refresh->setAccessibleName(u"Reload history"_s);
    m_summary->setAccessibleName(u"History summary"_s);
    bar->addWidget(m_period);
    bar->addWidget(m_outcome);
    bar->addWidget(m_text, 1);
    bar->addWidget(refresh);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(HistoryModel::RawValueRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    // The id filter looks at raw ids (displayed ones are shortened).
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterRole(HistoryModel::RawValueRole);
    m_view->setModel(m_proxy);
    setUpTable(m_view, u"Audit history"_s);
    m_view->sortByColumn(HistoryModel::TimeColumn, Qt::DescendingOrder);
    // Widths come from the model's column descriptors.
    restoreHeader(m_view->horizontalHeader(), u"history"_s);
    addColumnMenu(m_view->horizontalHeader());

    connect(m_period, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(refresh, &QPushButton::clicked, this, &HistoryPanel::reload);
    connect(m_text, &QLineEdit::textChanged, m_proxy,
            [this](const QString &text) { m_proxy->setFilterFixedString(text.trimmed()); });
}

HistoryPanel::~HistoryPanel()
{
    saveHeader(m_view->horizontalHeader(), u"history"_s);
}

void HistoryPanel::setAuditLogPath(const QString &path)
{
    m_path = path;
}

void HistoryPanel::setNames(const QHash<QString, QString> &names)
{
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
    const QString path = m_path.isEmpty() ? AuditLog::defaultPath() : m_path;
    // A private AuditLog on the worker: it opens its own named connection there and closes it
    // before the worker returns, so the GUI thread never waits on SQLite.
    QtConcurrent::run([path, query] {
        AuditLog log(path);
        return log.query(query);
    }).then(this, [this, path](const QList<AuditEntry> &entries) {
        m_loading = false;
        m_model->setEntries(entries);
        m_summary->setText(
            u"%1 attempt(s) in the local audit log for this period"_s.arg(entries.size()));
        m_summary->setToolTip(path);
        Q_EMIT reloaded(int(entries.size()));
        if (std::exchange(m_reloadAgain, false))
            reload();
    });
}

} // namespace feather
