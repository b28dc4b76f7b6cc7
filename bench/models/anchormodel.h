#pragma once

#include "core/types.h"

#include <QAbstractTableModel>
#include <QHash>

namespace feather::bench {

// The anchor of the model benchmarks: the plainest QAbstractTableModel a Qt programmer would
// write over the same rows (the same nine columns, plain values, no roles beyond display). Its
// cost behind a stock QSortFilterProxyModel and QTableView is what Qt itself charges.
class AnchorModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit AnchorModel(QHash<QString, QString> kbNames, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AnchorModel)

    void append(const QList<Source> &rows);
    void appendPages(const QList<QList<Source>> &pages); // one insert
    const Source &at(int row) const { return m_rows.at(row); }
    // A live status change of one row, found by id.
    void setStatus(const QString &sourceId, const QString &status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Source> m_rows;
    QHash<QString, QString> m_kbNames;
    QHash<QString, int> m_rowById; // filled on the first setStatus
};

// The anchor's results table: one row per attempt, newest first, and a job's end found by id.
class AnchorResults final : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    Q_DISABLE_COPY_MOVE(AnchorResults)

    void prepend(const TriggerResult &result, const QString &sourceName);
    void setJobStatus(const QString &jobId, const QString &status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        TriggerResult result;
        QString sourceName;
        QString jobStatus;
        int serial = 0; // rows are prepended: row = size - 1 - serial
    };
    QList<Row> m_rows;
    QHash<QString, int> m_serialByJob;
};

} // namespace feather::bench
