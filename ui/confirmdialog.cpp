#include "ui/confirmdialog.h"

#include "models/presentation.h"
#include "resync/resyncrunner.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace feather {

namespace {
enum Col { SourceCol, KbCol, PreviewCol, ColCount };

QString previewText(const TriggerResult &r)
{
    switch (r.outcome) {
    case Outcome::Triggered:
        return u"Will start a sync"_s;
    case Outcome::AlreadySyncing:
        return u"Skipped: already syncing"_s
               + (r.jobId.isEmpty() ? QString() : u" (job "_s + r.jobId.left(8) + u")"_s);
    case Outcome::NotFound:
        return u"Skipped: not found in this knowledge base"_s;
    case Outcome::Invalid:
        return u"Skipped: invalid — "_s + r.message;
    case Outcome::NotEligible: // the message names the status ("not eligible: status is paused")
        return u"Skipped: "_s
               + (r.message.isEmpty() ? displayName(r.outcome).toLower() : r.message);
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::RateLimited:
    case Outcome::ServerError:
    case Outcome::NetworkError:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
        break;
    }
    return u"Check failed: "_s + displayName(r.outcome)
           + (r.message.isEmpty() ? QString() : u" — "_s + r.message);
}
} // namespace

ResyncConfirmDialog::ResyncConfirmDialog(ConfirmRequest request, Backend *previewBackend,
                                         QWidget *parent)
    : QDialog(parent)
    , m_request(std::move(request))
    , m_table(new QTableWidget(int(m_request.targets.size()), ColCount, this))
    , m_summary(new QLabel(this))
    , m_confirm(new QPushButton(this))
{
    const QLocale locale;
    const int count = int(m_request.targets.size());
    setWindowTitle(u"Confirm resync"_s);
    setAccessibleName(u"Confirm resync"_s);
    auto *layout = new QVBoxLayout(this);

    auto *headline = new QLabel(this);
    headline->setTextFormat(Qt::RichText);
    headline->setWordWrap(true);
    headline->setText(
        u"<h3>Resync %1 source%2?</h3>"_s.arg(locale.toString(count),
                                              count == 1 ? QString() : u"s"_s)
        + u"<p>Profile <b>%1</b> · environment <b>%2</b> · %3</p>"_s.arg(
            m_request.profileName.toHtmlEscaped(), m_request.environment.toHtmlEscaped(),
            m_request.target.toHtmlEscaped())
        + u"<p>Each source gets one guarded trigger: sources that are already syncing are "
          u"left alone and reported with their running job.</p>"_s);
    layout->addWidget(headline);
    if (m_request.production) {
        auto *prod = new QLabel(u"  PRODUCTION  "_s, this);
        prod->setStyleSheet(u"background:#b3261e; color:white; font-weight:bold; padding:4px;"_s);
        prod->setAccessibleName(u"Production environment"_s);
        layout->addWidget(prod);
    }
    if (m_request.excludedInFlight > 0) {
        auto *excluded = new QLabel(
            u"%1 selected source(s) are left out: a resync of them is already running in this window."_s
                .arg(m_request.excludedInFlight),
            this);
        excluded->setWordWrap(true);
        layout->addWidget(excluded);
    }

    m_table->setHorizontalHeaderLabels({u"Source"_s, u"Knowledge base"_s, u"Dry-run preview"_s});
    m_table->setAccessibleName(u"Resync targets"_s);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(SourceCol, 200);
    m_table->setColumnWidth(KbCol, 160);
    for (int i = 0; i < count; ++i) {
        const TriggerTarget &t = m_request.targets[i];
        const QString name = m_request.sourceNames.value(t.sourceId, t.sourceId);
        auto *source = new QTableWidgetItem(name);
        source->setToolTip(t.sourceId);
        m_table->setItem(i, SourceCol, source);
        m_table->setItem(i, KbCol, new QTableWidgetItem(m_request.kbNames.value(t.kbId, t.kbId)));
        m_table->setItem(
            i, PreviewCol,
            new QTableWidgetItem(i < kPreviewLimit ? u"checking…"_s : u"not previewed"_s));
        m_rowBySource.insert(t.sourceId, i);
    }
    layout->addWidget(m_table, 1);
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(u"Dry-run summary"_s);
    layout->addWidget(m_summary);

    if (needsTypedCount()) {
        auto *prompt =
            new QLabel(u"This is a production profile and more than %1 sources are selected. "
                       u"Type <b>%2</b> to confirm:"_s.arg(kTypedThreshold)
                           .arg(count),
                       this);
        prompt->setWordWrap(true);
        m_typed = new QLineEdit(this);
        m_typed->setAccessibleName(u"Type the number of sources to confirm"_s);
        m_typed->setPlaceholderText(QString::number(count));
        prompt->setBuddy(m_typed);
        layout->addWidget(prompt);
        layout->addWidget(m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &ResyncConfirmDialog::updateConfirmEnabled);
    }

    auto *buttons = new QDialogButtonBox(this);
    m_confirm->setText(
        u"Resync %1 source%2"_s.arg(locale.toString(count), count == 1 ? QString() : u"s"_s));
    m_confirm->setIcon(themedIcon(u"action-resync"_s));
    m_confirm->setAccessibleName(u"Confirm resync"_s);
    buttons->addButton(m_confirm, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(u"Cancel resync"_s);
    // Enter confirms only where a mistake is cheap. On production no button is the default:
    // Enter in the typed-count field confirms only once the count matches.
    m_confirm->setDefault(!m_request.production);
    m_confirm->setAutoDefault(!m_request.production);
    cancel->setAutoDefault(false);
    if (m_typed) {
        connect(m_typed, &QLineEdit::returnPressed, this, [this] {
            if (m_confirm->isEnabled())
                accept();
        });
    }
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_confirm->isEnabled())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(760, 540);
    m_confirm->setFocus();
    updateConfirmEnabled();

    if (previewBackend && count > 0) {
        RunOptions options;
        options.concurrency = 4;
        options.maxAttempts = 1;
        options.profile = m_request.profileName;
        m_previewRunner = std::make_unique<ResyncRunner>(previewBackend, options);
        connect(m_previewRunner.get(), &ResyncRunner::rowFinished, this,
                &ResyncConfirmDialog::onPreviewRow);
        connect(m_previewRunner.get(), &ResyncRunner::finished, this, [this] {
            m_previewDone = true;
            updateSummary();
            Q_EMIT previewFinished();
        });
        m_previewRunner->dryRun(m_request.targets.mid(0, kPreviewLimit));
    } else {
        m_previewDone = true;
    }
    updateSummary();
}

ResyncConfirmDialog::~ResyncConfirmDialog()
{
    if (m_previewRunner && m_previewRunner->isRunning())
        m_previewRunner->cancel();
}

bool ResyncConfirmDialog::needsTypedCount() const
{
    return m_request.production && m_request.targets.size() > kTypedThreshold;
}

void ResyncConfirmDialog::updateConfirmEnabled()
{
    const bool typedOk =
        !m_typed || m_typed->text().trimmed() == QString::number(m_request.targets.size());
    m_confirm->setEnabled(!m_request.targets.isEmpty() && typedOk);
}

void ResyncConfirmDialog::onPreviewRow(const TriggerResult &result)
{
    m_preview.append(result);
    const int row = m_rowBySource.value(result.target.sourceId, -1);
    if (row >= 0) {
        QTableWidgetItem *item = m_table->item(row, PreviewCol);
        item->setText(previewText(result));
        item->setIcon(result.outcome == Outcome::Triggered ? statusIcon(StatusKind::Active)
                                                           : outcomeIcon(result.outcome));
        item->setToolTip(result.message);
    }
    updateSummary();
}

QString ResyncConfirmDialog::previewSummary() const
{
    return m_summary->text();
}

void ResyncConfirmDialog::updateSummary()
{
    int start = 0;
    QMap<QString, int> skipped;
    for (const TriggerResult &r : m_preview) {
        if (r.outcome == Outcome::Triggered)
            ++start;
        else
            ++skipped[displayName(r.outcome).toLower()];
    }
    const int previewed = int(qMin<qsizetype>(m_request.targets.size(), kPreviewLimit));
    QString text = u"Dry run: %1 will start"_s.arg(start);
    int skippedTotal = 0;
    QStringList why;
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it) {
        skippedTotal += it.value();
        why << u"%1 %2"_s.arg(it.value()).arg(it.key());
    }
    if (skippedTotal > 0)
        text += u", %1 will be skipped ("_s.arg(skippedTotal) + why.join(u", "_s) + u")"_s;
    if (!m_previewDone)
        text += u" — checked %1 of %2…"_s.arg(m_preview.size()).arg(previewed);
    else if (m_request.targets.size() > kPreviewLimit)
        text += u" — preview covers the first %1 targets"_s.arg(kPreviewLimit);
    m_summary->setText(text + u"."_s);
}

} // namespace feather
