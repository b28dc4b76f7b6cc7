#include "ui/banner.h"

#include "models/presentation.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace feather {

MessageBanner::MessageBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(u"messageBanner"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->hide();
    m_close->setIcon(themedIcon(u"action-dismiss"_s));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    m_action->setAccessibleName(tr("Banner action"));
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT dismissed();
    });
    connect(m_action, &QPushButton::clicked, this, [this] {
        hide();
        if (m_callback)
            m_callback();
    });
    hide();
}

void MessageBanner::showMessage(const QString &text, Kind kind, const QString &actionText,
                                std::function<void()> action)
{
    m_kind = kind;
    m_text->setText(text);
    setAccessibleName(text);
    m_callback = std::move(action);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    applyStyle();
    show();
}

void MessageBanner::setDismissible(bool dismissible)
{
    m_close->setVisible(dismissible);
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::applyStyle()
{
    // Tinted backgrounds with dark text work on light and dark palettes alike; production is
    // a saturated red with white text so nobody mistakes which environment is open.
    QString background;
    QString foreground = u"#1f1f1f"_s;
    QString icon;
    switch (m_kind) {
    case Kind::Info:
        background = u"#d8e8fb"_s;
        icon = u"status-syncing"_s;
        break;
    case Kind::Warning:
        background = u"#fbe7c6"_s;
        icon = u"outcome-retry"_s;
        break;
    case Kind::Error:
        background = u"#f8d4d4"_s;
        icon = u"status-error"_s;
        break;
    case Kind::Production:
        background = u"#b3261e"_s;
        foreground = u"#ffffff"_s;
        icon = u"banner-production"_s;
        break;
    }
    setStyleSheet(
        u"QFrame#messageBanner { background: %1; border: none; } "
        u"QFrame#messageBanner QLabel { color: %2; font-weight: %3; }"_s.arg(
            background, foreground, m_kind == Kind::Production ? u"bold"_s : u"normal"_s));
    m_icon->setPixmap(themedIcon(icon).pixmap(18, 18));
}

} // namespace feather
