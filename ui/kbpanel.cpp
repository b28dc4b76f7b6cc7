#include "ui/kbpanel.h"

#include "models/knowledgebasemodel.h"
#include "models/sourcefilterproxy.h"
#include "ui/viewstate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace feather {

KbPanel::KbPanel(KnowledgeBaseModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new KnowledgeBaseSortProxy(this))
    , m_search(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_progress(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    QLabel *title = paneTitle(tr("&Knowledge bases"), m_view, this);
    m_search->setPlaceholderText(tr("Search knowledge bases"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Knowledge base search"));
    top->addWidget(title);
    top->addWidget(m_search, 1);
    layout->addLayout(top);
    layout->addWidget(m_view);
    m_progress->setAccessibleName(tr("Loading progress"));
    m_progress->setWordWrap(true);
    m_progress->hide();
    layout->addWidget(m_progress);
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    setUpTable(m_view, tr("Knowledge bases"));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->sortByColumn(KnowledgeBaseModel::NameColumn, Qt::AscendingOrder);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(KnowledgeBaseModel::NameColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(40);
    const int digitWidth = m_view->fontMetrics().horizontalAdvance(u"0000"_s);
    for (int c = KnowledgeBaseModel::SourcesColumn; c < KnowledgeBaseModel::ColumnCount; ++c) {
        header->setSectionResizeMode(c, QHeaderView::Interactive);
        const QString text = model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        header->resizeSection(c,
                              qMax(digitWidth, m_view->fontMetrics().horizontalAdvance(text)) + 34);
    }
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    restoreHeader(header, u"kbs"_s);
    addColumnMenu(header);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { Q_EMIT selectionChanged(selectedKbIds()); });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &KnowledgeBaseSortProxy::setNameFilter);
}

KbPanel::~KbPanel()
{
    saveHeader(m_view->horizontalHeader(), u"kbs"_s);
}

void KbPanel::setLoadProgress(int pages, int sources)
{
    const QLocale locale;
    m_progress->setText(pages == 0 ? tr("Loading sources… counts are partial")
                                   : tr("Loading sources: %n page(s), %1 sources so far · counts "
                                        "are partial",
                                        nullptr, pages)
                                         .arg(locale.toString(sources)));
    m_progress->show();
}

void KbPanel::setLoadFinished(bool complete)
{
    m_progress->setText(tr("The source list is incomplete: counts are partial. Refresh to load "
                           "it again."));
    m_progress->setVisible(!complete);
}

QSet<QString> KbPanel::selectedKbIds() const
{
    QSet<QString> ids;
    for (const QModelIndex &row : m_view->selectionModel()->selectedRows()) {
        if (row.data(KnowledgeBaseModel::IsAllRole).toBool())
            return {}; // "All" wins over anything else selected with it
        ids.insert(row.data(KnowledgeBaseModel::IdRole).toString());
    }
    return ids;
}

int KbPanel::selectKbs(const QSet<QString> &kbIds)
{
    if (!kbIds.isEmpty() && !m_search->text().isEmpty())
        m_search->clear(); // a KB the search hides could not be selected
    QItemSelection selection;
    QModelIndex first;
    int count = 0;
    for (int r = 0; r < m_proxy->rowCount() && !kbIds.isEmpty(); ++r) {
        const QModelIndex idx = m_proxy->index(r, 0);
        if (!idx.data(KnowledgeBaseModel::IsAllRole).toBool()
            && kbIds.contains(idx.data(KnowledgeBaseModel::IdRole).toString())) {
            selection.select(idx, idx);
            ++count;
            if (!first.isValid())
                first = idx;
        }
    }
    if (selection.isEmpty()) {
        selectKb({});
        return 0;
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect
                                                    | QItemSelectionModel::Rows);
    m_view->scrollTo(first);
    return count;
}

void KbPanel::selectKb(const QString &kbId)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex idx = m_proxy->index(r, 0);
        if (idx.data(KnowledgeBaseModel::IdRole).toString() == kbId) {
            m_view->selectionModel()->select(idx, QItemSelectionModel::ClearAndSelect
                                                      | QItemSelectionModel::Rows);
            m_view->scrollTo(idx);
            return;
        }
    }
}

} // namespace feather
