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
    const Source &at(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Source> m_rows;
    QHash<QString, QString> m_kbNames;
};

} // namespace feather::bench
