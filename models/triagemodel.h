#pragma once

#include "triage/triage.h"

#include <QAbstractItemModel>

namespace feather {

// The Triage view's data (issue 15): errored sources grouped by cause (top level) and by
// signature (children), from app/triage. No widgets, no I/O: it is fed ErroredSource values
// (TriageCollector gathers them) and recomputes the whole grouping on each setSources().
class TriageModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        TitleColumn = 0, // cause title / signature
        ActionColumn,    // action class ("Re-authorise" …)
        CountColumn,     // errored sources
        KbColumn,        // per knowledge base: "Marketing 12 · Support 3"
        ProviderColumn,  // providers involved
        ExampleColumn,   // the example message (most recent failure)
        ColumnCount
    };
    enum Role {
        CauseIdRole = Qt::UserRole, // QString cause id (both levels)
        ActionRole,                 // QString wire name of the action class
        FixableRole,                // bool: a resync is likely to fix it
        SignatureRole,              // QString signature (signature rows; empty on causes)
        SourceIdsRole,              // QStringList the sources under the row
        CountRole,                  // int
    };
    Q_ENUM(Role)

    explicit TriageModel(QObject *parent = nullptr);
    ~TriageModel() override;
    Q_DISABLE_COPY_MOVE(TriageModel)

    void setSources(const QList<ErroredSource> &sources);
    void clear() { setSources({}); }
    const QList<ErroredSource> &sources() const { return m_sources; }
    const TriageReport &report() const { return m_report; }

    // The cause of a row (either level); nullptr for an invalid index.
    const CauseGroup *causeAt(const QModelIndex &index) const;
    // The signature of a signature row; nullptr on cause rows.
    const SignatureGroup *signatureAt(const QModelIndex &index) const;
    // Every source under the row, in grouping order.
    QList<ErroredSource> sourcesAt(const QModelIndex &index) const;
    QModelIndex indexOfCause(const QString &causeId) const;
    // The known last error of a source (empty when it is not errored here).
    const ErroredSource *errored(const QString &sourceId) const;
    // The errored sources a resync is expected to fix: plain resync first, then wait-and-resync
    // (the runner paces those with the server's 429s).
    QList<ErroredSource> fixable() const;
    int fixableCount() const { return m_report.fixableCount; }

    // "Marketing 12 · Support 3 · +2 more"
    static QString kbSummary(const QList<KbCount> &perKb, int limit = 3);
    static QList<KbCount> kbCounts(const QList<ErroredSource> &sources); // most first

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<ErroredSource> m_sources;
    QHash<QString, qsizetype> m_bySource;
    TriageReport m_report;
};

} // namespace feather
