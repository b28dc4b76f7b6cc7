#include "ui/runstatus.h"

#include "models/presentation.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

using namespace Qt::StringLiterals;

namespace feather {

QString formatEta(qint64 ms)
{
    if (ms < 0)
        return u"estimating…"_s;
    const qint64 s = (ms + 999) / 1000;
    if (s < 60)
        return QString::number(s) + u" s"_s;
    if (s < 3600)
        return u"%1 min %2 s"_s.arg(s / 60).arg(s % 60);
    return u"%1 h %2 min"_s.arg(s / 3600).arg((s % 3600) / 60);
}

RunStatusWidget::RunStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_counts(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_progress(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_counts);
    layout->addStretch(1);
    layout->addWidget(m_progress);
    layout->addWidget(m_bar);
    m_counts->setAccessibleName(u"Source status counts"_s);
    m_counts->setTextFormat(Qt::RichText);
    m_bar->setAccessibleName(u"Resync progress"_s);
    m_bar->setMaximumWidth(220);
    m_bar->setMinimumWidth(160);
    m_progress->setAccessibleName(u"Resync progress details"_s);
    m_bar->hide();
    m_progress->hide();
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
    const auto add = [&](StatusKind kind, const QString &icon, int n, const QString &word) {
        Q_UNUSED(kind)
        rich
            << u"<img src=\":/icons/%1.svg\" width=\"14\" height=\"14\" style=\"vertical-align:middle\"> %2 %3"_s
                   .arg(icon, locale.toString(n), word);
        plain << locale.toString(n) + u' ' + word;
    };
    add(StatusKind::Active, u"status-active"_s, counts.value(u"active"_s), u"active"_s);
    add(StatusKind::Syncing, u"status-syncing"_s, counts.value(u"syncing"_s), u"syncing"_s);
    add(StatusKind::Error, u"status-error"_s, counts.value(u"error"_s), u"error"_s);
    if (other > 0)
        add(StatusKind::Unknown, u"status-unknown"_s, other, u"other"_s);
    m_countsPlain = locale.toString(total) + u" sources: "_s + plain.join(u", "_s);
    m_counts->setText(locale.toString(total) + u" sources &nbsp; "_s + rich.join(u" &nbsp; "_s));
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

void RunStatusWidget::setProgress(const RunProgress &progress, bool running)
{
    if (progress.total == 0) {
        m_bar->hide();
        m_progress->hide();
        return;
    }
    m_bar->setRange(0, progress.total);
    m_bar->setValue(progress.done);
    QString text = u"Resync %1/%2"_s.arg(progress.done).arg(progress.total);
    if (running) {
        text += u" · %1 in flight"_s.arg(progress.inFlight);
        if (progress.paused) {
            text += u" · paused"_s;
            if (!progress.pauseReason.isEmpty())
                text += u" ("_s + progress.pauseReason + u")"_s;
            if (progress.resumeAt.isValid())
                text += u" until "_s + progress.resumeAt.toLocalTime().toString(u"HH:mm:ss"_s);
        } else {
            text += u" · ETA "_s + formatEta(progress.etaMs);
        }
    } else {
        const int ok = progress.counts[std::size_t(Outcome::Triggered)];
        text += u" done in %1 · %2 triggered"_s.arg(formatEta(progress.elapsedMs)).arg(ok);
    }
    m_progress->setText(text);
    m_bar->setFormat(running ? u"%p%"_s : u"done"_s);
    m_bar->show();
    m_progress->show();
}

} // namespace feather
