#pragma once

#include "config/auditlog.h"
#include "models/columns.h"

#include <QAbstractTableModel>
#include <QHash>

namespace feather {

// Rows of the local audit log (newest first), as AuditLog::query returns them. Loading is the
// caller's business (off the GUI thread); this model only shows what it is given.
class HistoryModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    // Logical column order, one descriptor per value (historycolumns.cpp). Append only.
    enum Column {
        TimeColumn = 0,
        OperatorColumn = 1,
        ProfileColumn = 2,
        ModeColumn = 3,
        KbColumn = 4,
        SourceColumn = 5,
        OutcomeColumn = 6,
        JobIdColumn = 7,
        StatusColumn = 8,
        MessageColumn = 9,
        HttpColumn = 10,
        AttemptColumn = 11,
        JobStatusColumn = 12,
        JobErrorColumn = 13,
        JobCompletedColumn = 14,
        MachineColumn = 15,
        ColumnCount
    };
    // Raw values for proxies and code.
    enum Role {
        IdRole = Qt::UserRole, // qint64 audit row id
        SourceIdRole,          // QString
        KbIdRole,              // QString
        OutcomeRole,           // int (feather::Outcome)
        JobIdRole,             // QString
        AtRole,                // QDateTime (UTC)
        RawValueRole,          // the cell's raw value: its column's sort key (ids, not names)
        RowRole,               // feather::AuditEntry, the whole row
    };
    Q_ENUM(Role)

    using Spec = ColumnSpec<HistoryModel, AuditEntry>;
    static const std::array<Spec, ColumnCount> &columns();

    explicit HistoryModel(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(HistoryModel)

    void setEntries(const QList<AuditEntry> &entries);
    // Names for KB and source ids (both are UUIDs, so one map serves both); unknown ids are
    // shown shortened. The raw ids stay in the tooltip and the raw roles.
    void setNames(const QHash<QString, QString> &names);
    QString nameOf(const QString &id) const { return m_names.value(id); }
    const QList<AuditEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant rawData(const AuditEntry &e, int column, Role role) const;

    QList<AuditEntry> m_entries;
    QHash<QString, QString> m_names;
};

} // namespace feather
