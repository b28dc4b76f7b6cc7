#pragma once

#include <QFrame>
#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace feather {

// A strip across the top of the window. MessageBanner: routine failures and notices, dismissible,
// never modal. The production banner uses Kind::Production and cannot be dismissed.
class MessageBanner final : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Info, Warning, Error, Production };

    explicit MessageBanner(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(MessageBanner)

    // An optional action button runs `action` (and hides the banner).
    void showMessage(const QString &text, Kind kind, const QString &actionText = {},
                     std::function<void()> action = {});
    void setDismissible(bool dismissible);
    QString text() const;
    Kind kind() const { return m_kind; }

Q_SIGNALS:
    void dismissed();

private:
    void applyStyle();

    Kind m_kind = Kind::Info;
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
    std::function<void()> m_callback;
};

} // namespace feather
