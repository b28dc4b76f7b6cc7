#include "ui/runstatus.h"

#include "models/presentation.h"

#include <QAccessible>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

using namespace Qt::StringLiterals;

namespace feather {

QString formatEta(qint64 ms)
{
    if (ms < 0)
        return QCoreApplication::translate("feather::RunStatusWidget", "estimating…");
    const qint64 s = (ms + 999) / 1000;
    if (s < 60)
        return QCoreApplication::translate("feather::RunStatusWidget", "%1 s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("feather::RunStatusWidget", "%1 min %2 s")
            .arg(s / 60)
            .arg(s % 60);
    return QCoreApplication::translate("feather::RunStatusWidget", "%1 h %2 min")
        .arg(s / 3600)
        .arg((s % 3600) / 60);
}

RunStatusWidget::RunStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_counts(new QLabel)
    , m_bar(new QProgressBar(this))
    , m_progress(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_progress);
    layout->addWidget(m_bar);
    setAccessibleName(tr("Resync status"));
    m_counts->setAccessibleName(tr("Source status counts"));
    m_counts->setTextFormat(Qt::RichText);
    m_bar->setAccessibleName(tr("Resync progress"));
    m_bar->setMaximumWidth(220);
    m_bar->setMinimumWidth(120);
    m_progress->setAccessibleName(tr("Resync progress details"));
    m_bar->hide();
    m_progress->hide();
}

RunStatusWidget::~RunStatusWidget()
{
    delete m_counts; // null when the status bar holding it went first
}

void RunStatusWidget::setStatusCounts(const QMap<QString, int> &counts)
{
    const QLocale locale;
    QStringList rich;
    QStringList plain;
    int other = 0;
    int total = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        total += it.value();
        if (statusKind(it.key()) == StatusKind::Unknown)
            other += it.value();
    }
    const auto add = [&](const QString &icon, int n, const QString &word) {
        rich
            << u"<img src=\":/icons/%1.svg\" width=\"14\" height=\"14\" style=\"vertical-align:middle\"> %2 %3"_s
                   .arg(icon, locale.toString(n), word);
        plain << locale.toString(n) + u' ' + word;
    };
    add(u"status-active"_s, counts.value(u"active"_s), tr("active"));
    add(u"status-syncing"_s, counts.value(u"syncing"_s), tr("syncing"));
    add(u"status-error"_s, counts.value(u"error"_s), tr("error"));
    if (other > 0)
        add(u"status-unknown"_s, other, tr("other"));
    m_countsPlain = tr("%1 sources: %2").arg(locale.toString(total), plain.join(u", "_s));
    m_counts->setText(tr("%1 sources").arg(locale.toString(total)) + u" &nbsp; "_s
                      + rich.join(u" &nbsp; "_s));
    m_counts->setAccessibleDescription(m_countsPlain);
}

QString RunStatusWidget::countsText() const
{
    return m_countsPlain;
}

QString RunStatusWidget::progressText() const
{
    return m_progress->text();
}

void RunStatusWidget::announce(const QString &text)
{
    // Qt 6.4 has no announcement event (6.8 adds one): the description change reaches screen
    // readers that watch the status bar, and the alert event is what Windows' and AT-SPI's
    // bridges turn into a spoken notification.
    m_announcement = text;
    setAccessibleDescription(text);
    QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&changed);
    QAccessibleEvent alert(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

void RunStatusWidget::setProgress(const RunProgress &progress, bool running)
{
    if (progress.total == 0) {
        m_bar->hide();
        m_progress->hide();
        return;
    }
    m_bar->setRange(0, progress.total);
    m_bar->setValue(progress.done);
    QString text = tr("Resync %1/%2").arg(progress.done).arg(progress.total);
    if (running) {
        text += tr(" · %1 in flight").arg(progress.inFlight);
        if (progress.paused) {
            text += tr(" · paused");
            if (!progress.pauseReason.isEmpty())
                text += u" ("_s + progress.pauseReason + u')';
            if (progress.resumeAt.isValid())
                text +=
                    tr(" until %1").arg(progress.resumeAt.toLocalTime().toString(u"HH:mm:ss"_s));
        } else {
            text += tr(" · ETA %1").arg(formatEta(progress.etaMs));
        }
    } else {
        const int ok = progress.counts[std::size_t(Outcome::Triggered)];
        text += tr(" done in %1 · %2 triggered").arg(formatEta(progress.elapsedMs)).arg(ok);
    }
    m_progress->setText(text);
    m_bar->setFormat(running ? u"%p%"_s : tr("done"));
    m_bar->show();
    m_progress->show();
}

} // namespace feather
