#include "ui/confirmdialog.h"

#include "models/presentation.h"
#include "models/triagecollector.h"
#include "resync/resyncrunner.h"
#include "ui/viewstate.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
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

// What the run will do with a target, judged from its read-only preflight. The run sends every
// target whatever the preview said: "skipped" is only for answers that the guarded trigger is
// sure to repeat; a preflight that could not reach a verdict means the target will be tried.
enum class Verdict { WillStart, Skipped, NotChecked };

Verdict verdictFor(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Triggered:
        return Verdict::WillStart;
    case Outcome::AlreadySyncing:
    case Outcome::NotFound:
    case Outcome::Invalid:
    case Outcome::NotEligible:
        return Verdict::Skipped;
    case Outcome::Unauthorized:
    case Outcome::Forbidden:
    case Outcome::RateLimited:
    case Outcome::ServerError:
    case Outcome::NetworkError:
    case Outcome::UnknownOutcome:
    case Outcome::Cancelled:
        return Verdict::NotChecked;
    }
    return Verdict::NotChecked;
}

} // namespace

QString ResyncConfirmDialog::previewText(const TriggerResult &r)
{
    switch (verdictFor(r.outcome)) {
    case Verdict::WillStart:
        return tr("Will start a sync");
    case Verdict::Skipped:
        if (r.outcome == Outcome::AlreadySyncing)
            return r.jobId.isEmpty() ? tr("Skipped: already syncing")
                                     : tr("Skipped: already syncing (job %1)").arg(r.jobId.left(8));
        if (r.outcome == Outcome::NotFound)
            return tr("Skipped: not found in this knowledge base");
        if (r.outcome == Outcome::NotEligible) // the message names the status ("… is paused")
            return r.message.isEmpty() ? tr("Skipped: not eligible")
                                       : tr("Skipped: %1").arg(r.message);
        return tr("Skipped: invalid — %1").arg(r.message);
    case Verdict::NotChecked:
        break;
    }
    const QString why = r.httpStatus > 0
                            ? tr("%1, HTTP %2").arg(displayName(r.outcome)).arg(r.httpStatus)
                            : displayName(r.outcome);
    return (r.message.isEmpty()
                ? tr("Will be tried — could not check (%1)").arg(why)
                : tr("Will be tried — could not check (%1: %2)").arg(why, r.message));
}

ResyncConfirmDialog::ResyncConfirmDialog(ConfirmRequest request, Backend *previewBackend,
                                         QWidget *parent)
    : QDialog(parent)
    , m_request(std::move(request))
    , m_table(new QTableWidget(int(m_request.targets.size()), ColCount, this))
    , m_summary(new QLabel(this))
    , m_confirm(new QPushButton(this))
{
    const int count = int(m_request.targets.size());
    setWindowTitle(tr("Confirm resync"));
    setAccessibleName(tr("Confirm resync"));
    auto *layout = new QVBoxLayout(this);

    m_headline = new QLabel(this);
    m_headline->setTextFormat(Qt::RichText);
    m_headline->setWordWrap(true);
    layout->addWidget(m_headline);
    if (m_request.production) {
        auto *prod = new QLabel(tr("  PRODUCTION  "), this);
        prod->setStyleSheet(u"background:#b3261e; color:white; font-weight:bold; padding:4px;"_s);
        prod->setAccessibleName(tr("Production environment"));
        layout->addWidget(prod);
    }
    if (m_request.excludedInFlight > 0) {
        auto *excluded = new QLabel(tr("%1 selected source(s) are left out: a resync of them is "
                                       "already running in this window.")
                                        .arg(m_request.excludedInFlight),
                                    this);
        excluded->setWordWrap(true);
        layout->addWidget(excluded);
    }

    // Issue 15: sources whose cause a resync will not fix fail again; say how many and why.
    m_triageWarning = new QLabel(this);
    m_triageWarning->setWordWrap(true);
    m_triageWarning->setTextFormat(Qt::PlainText);
    m_triageWarning->setAccessibleName(tr("Sources a resync will not fix"));
    m_triageWarning->setStyleSheet(u"border:1px solid #b26a00; padding:4px;"_s);
    m_triageWarning->hide();
    layout->addWidget(m_triageWarning);
    m_leaveOut = new QPushButton(this);
    m_leaveOut->setAutoDefault(false);
    m_leaveOut->setAccessibleName(tr("Leave out the sources a resync will not fix"));
    m_leaveOut->hide();
    connect(m_leaveOut, &QPushButton::clicked, this, &ResyncConfirmDialog::leaveOutUnfixable);
    auto *leaveOutRow = new QHBoxLayout;
    leaveOutRow->addWidget(m_leaveOut);
    leaveOutRow->addStretch(1);
    layout->addLayout(leaveOutRow);

    m_table->setHorizontalHeaderLabels({tr("Source"), tr("Knowledge base"), tr("Dry-run preview")});
    m_table->setAccessibleName(tr("Resync targets"));
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
        source->setToolTip(name + u'\n' + t.sourceId);
        m_table->setItem(i, SourceCol, source);
        m_table->setItem(i, KbCol, new QTableWidgetItem(m_request.kbNames.value(t.kbId, t.kbId)));
        m_table->setItem(
            i, PreviewCol,
            new QTableWidgetItem(i < kPreviewLimit ? tr("checking…") : tr("not previewed")));
        m_rowBySource.insert(t.sourceId, i);
    }
    layout->addWidget(m_table, 1);
    m_summary->setWordWrap(true);
    m_summary->setAccessibleName(tr("Dry-run summary"));
    layout->addWidget(m_summary);

    if (needsTypedCount()) {
        auto *prompt = m_prompt =
            new QLabel(tr("This is a production profile and more than %1 sources are "
                          "selected. &Type <b>%2</b> to confirm:")
                           .arg(kTypedThreshold)
                           .arg(count),
                       this);
        prompt->setWordWrap(true);
        m_typed = new QLineEdit(this);
        m_typed->setAccessibleName(tr("Type the number of sources to confirm"));
        m_typed->setPlaceholderText(QString::number(count));
        prompt->setBuddy(m_typed);
        layout->addWidget(prompt);
        layout->addWidget(m_typed);
        connect(m_typed, &QLineEdit::textChanged, this, &ResyncConfirmDialog::updateConfirmEnabled);
    }

    auto *buttons = new QDialogButtonBox(this);
    m_confirm->setIcon(themedIcon(u"action-resync"_s));
    m_confirm->setAccessibleName(tr("Confirm resync"));
    // YesRole, not AcceptRole: QDialogButtonBox makes the first AcceptRole button the default
    // when it is shown, and on production nothing may be the default.
    buttons->addButton(m_confirm, QDialogButtonBox::YesRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setAccessibleName(tr("Cancel resync"));
    m_cancel->setAutoDefault(false);
    // Enter confirms only where a mistake is cheap. On production Enter acts only on a focused
    // confirm button or a matching typed count (keyPressEvent).
    m_confirm->setAutoDefault(!m_request.production);
    m_confirm->setDefault(!m_request.production);
    layout->addWidget(buttons);
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        if (m_confirm->isEnabled())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateHeadline();
    resize(760, 540);
    fitToScreen(this); // a small or scaled screen must still show the buttons
    updateConfirmEnabled();
    // Where typing starts: the count field; else, on production, the harmless Cancel (a Tab
    // away from the confirm button); else the confirm button itself.
    if (m_typed)
        m_typed->setFocus();
    else if (m_request.production)
        m_cancel->setFocus();
    else
        m_confirm->setFocus();

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

    m_errored = m_request.errored;
    m_triage = new TriageCollector(this);
    connect(m_triage, &TriageCollector::finished, this, [this] {
        m_errored = m_triage->result();
        m_triageDone = true;
        updateTriage();
        Q_EMIT triageFinished();
    });
    connect(m_triage, &TriageCollector::progress, this, [this](int done, int total) {
        m_triageWarning->setText(
            tr("Reading the last errors of the errored sources… %1 of %2").arg(done).arg(total));
        m_triageWarning->show();
    });
    m_triageDone = false;
    m_triage->collect(previewBackend, m_errored); // reads only the messages not yet known
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

void ResyncConfirmDialog::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (!enter || !m_request.production) {
        QDialog::keyPressEvent(event);
        return;
    }
    // Production has no default button: Enter confirms only from the focused confirm button
    // or from the typed-count field once the count matches (the button is enabled only then).
    const bool fromConfirm = m_confirm->hasFocus();
    const bool fromTyped = m_typed && m_typed->hasFocus();
    if (m_confirm->isEnabled() && (fromConfirm || fromTyped))
        accept();
    event->accept();
}

void ResyncConfirmDialog::updateHeadline()
{
    const QLocale locale;
    const int count = int(m_request.targets.size());
    m_headline->setText(
        u"<h3>"_s
        + (count == 1 ? tr("Resync 1 source?")
                      : tr("Resync %1 sources?").arg(locale.toString(count)))
        + u"</h3><p>"_s
        + tr("Profile <b>%1</b> · environment <b>%2</b> · %3")
              .arg(m_request.profileName.toHtmlEscaped(), m_request.environment.toHtmlEscaped(),
                   m_request.target.toHtmlEscaped())
        + u"</p><p>"_s
        + tr("Each source gets one guarded trigger: sources that are already syncing are left "
             "alone and reported with their running job.")
        + u"</p>"_s);
    m_confirm->setText(count == 1 ? tr("Resync 1 source")
                                  : tr("Resync %1 sources").arg(locale.toString(count)));
}

QList<ErroredSource> ResyncConfirmDialog::unfixable() const
{
    QSet<QString> targeted;
    for (const TriggerTarget &t : m_request.targets)
        targeted.insert(t.sourceId);
    QList<ErroredSource> out;
    for (const ErroredSource &s : m_errored) {
        if (targeted.contains(s.sourceId) && resyncWillNotHelp(classify(s).cause.action))
            out << s;
    }
    return out;
}

QString ResyncConfirmDialog::triageWarning() const
{
    return m_triageWarning->isHidden() || !m_triageDone ? QString() : m_triageWarning->text();
}

void ResyncConfirmDialog::updateTriage()
{
    const QList<ErroredSource> hopeless = unfixable();
    if (hopeless.isEmpty()) {
        m_triageWarning->hide();
        m_leaveOut->hide();
        return;
    }
    // "2 sign-in expired or revoked (re-authorise), 1 page or file no longer shared (fix …)"
    QMap<QString, int> byCause;
    QHash<QString, QString> label;
    for (const ErroredSource &s : hopeless) {
        const TriageCause cause = classify(s).cause;
        ++byCause[cause.id];
        label.insert(cause.id, tr("%1 (%2)").arg(cause.title, displayName(cause.action).toLower()));
    }
    QStringList why;
    for (auto it = byCause.cbegin(); it != byCause.cend(); ++it)
        why << tr("%1 × %2").arg(it.value()).arg(label.value(it.key()));
    const QLocale locale;
    m_triageWarning->setText(
        tr("%1 of %2 sources fail with a cause a resync will not fix, so they will fail again: "
           "%3. Resync anyway, or leave them out and hand them off from the Triage tab.")
            .arg(locale.toString(hopeless.size()), locale.toString(m_request.targets.size()),
                 why.join(u"; "_s)));
    m_triageWarning->show();
    m_leaveOut->setText(tr("&Leave out the %1 that will fail again").arg(hopeless.size()));
    m_leaveOut->setVisible(hopeless.size() < m_request.targets.size());
}

void ResyncConfirmDialog::leaveOutUnfixable()
{
    QSet<QString> out;
    for (const ErroredSource &s : unfixable())
        out.insert(s.sourceId);
    if (out.isEmpty())
        return;
    m_request.targets.removeIf([&](const TriggerTarget &t) { return out.contains(t.sourceId); });
    for (const QString &id : std::as_const(out)) {
        if (const int row = m_rowBySource.value(id, -1); row >= 0)
            m_table->setRowHidden(row, true);
    }
    updateHeadline();
    updateTriage();
    updateConfirmEnabled();
    updateSummary();
    if (m_typed) {
        m_typed->setPlaceholderText(QString::number(m_request.targets.size()));
        m_prompt->setText(tr("This is a production profile and more than %1 sources are "
                             "selected. &Type <b>%2</b> to confirm:")
                              .arg(kTypedThreshold)
                              .arg(m_request.targets.size()));
    }
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
        item->setToolTip(item->text());
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
    bool keyRefused = false;
    QMap<QString, int> skipped;
    QMap<QString, int> unchecked;
    QSet<QString> targeted;
    for (const TriggerTarget &t : std::as_const(m_request.targets))
        targeted.insert(t.sourceId);
    for (const TriggerResult &r : std::as_const(m_preview)) {
        if (!targeted.contains(r.target.sourceId))
            continue;
        switch (verdictFor(r.outcome)) {
        case Verdict::WillStart:
            ++start;
            break;
        case Verdict::Skipped:
            ++skipped[displayName(r.outcome).toLower()];
            break;
        case Verdict::NotChecked:
            ++unchecked[displayName(r.outcome).toLower()];
            keyRefused = keyRefused || r.outcome == Outcome::Unauthorized;
            break;
        }
    }
    const auto total = [](const QMap<QString, int> &counts, QStringList *why) {
        int sum = 0;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            sum += it.value();
            why->append(u"%1 %2"_s.arg(it.value()).arg(it.key()));
        }
        return sum;
    };
    QStringList skippedWhy;
    QStringList uncheckedWhy;
    const int skippedTotal = total(skipped, &skippedWhy);
    const int uncheckedTotal = total(unchecked, &uncheckedWhy);
    const int previewed = int(qMin<qsizetype>(m_request.targets.size(), kPreviewLimit));
    QString text = tr("Dry run: %1 will start").arg(start);
    if (skippedTotal > 0)
        text += tr(", %1 will be skipped (%2)").arg(skippedTotal).arg(skippedWhy.join(u", "_s));
    if (!m_previewDone)
        text += tr(" — checked %1 of %2…").arg(m_preview.size()).arg(previewed);
    else if (m_request.targets.size() > kPreviewLimit)
        text += tr(" — the preview covers the first %1 targets; the rest will be tried")
                    .arg(kPreviewLimit);
    text += u'.';
    if (uncheckedTotal > 0) {
        // The run sends these like any other target: say so, and why the preview could not tell.
        text += u' '
                + tr("%1 could not be checked (%2) and will be tried anyway.")
                      .arg(uncheckedTotal)
                      .arg(uncheckedWhy.join(u", "_s));
    }
    if (keyRefused)
        text += u' '
                + tr("The server refused the key while checking: the run stops at the first "
                     "refusal.");
    m_summary->setText(text);
}

} // namespace feather
