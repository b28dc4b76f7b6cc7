// Demo workspace (feather-devserver --seed-demo, `featherctl init-db --demo`).

#include "direct/directstore.h"
#include "direct/directstore_p.h"

#include <QRandomGenerator>
#include <QSet>
#include <QUuid>
#include <algorithm>
#include <array>
#include <numeric>

using namespace Qt::StringLiterals;

namespace feather {

using direct::Binds;
using direct::DbError;
using direct::Rows;
using direct::SqlSession;

namespace {

// Every demo id is a name-based (v5) UUID under this namespace, so the same seed always gives
// the same ids: screenshots, docs and tests can name a demo source.
const QUuid kDemoNamespace(u"6f0c3a52-8d3e-4c1e-9b8e-2f4a1c7d9e10"_s);

QString demoId(quint32 seed, const QString &what)
{
    return QUuid::createUuidV5(kDemoNamespace, u"feather-demo/%1/%2"_s.arg(seed).arg(what))
        .toString(QUuid::WithoutBraces);
}

struct KbName {
    const char16_t *name;
    const char16_t *description;
};
constexpr std::array<KbName, 16> kKbNames{{
    {u"Support Handbook", u"Refunds, escalations and SLAs for the support team"},
    {u"Engineering Wiki", u"Architecture notes, RFCs and on-call runbooks"},
    {u"Sales Playbook", u"Pricing, objection handling and competitor notes"},
    {u"Product Docs", u"Public product documentation and release notes"},
    {u"Legal & Compliance", u"Contracts, DPAs and the \"approved wording\" library"},
    {u"HR Policies", u"Leave, benefits and the employee handbook"},
    {u"Customer Success FAQ", u"Answers for onboarding and renewals"},
    {u"Security Runbooks", u"Incident response and access reviews"},
    {u"Marketing Assets", u"Brand guide, campaign briefs and case studies"},
    {u"Finance Procedures", u"Expenses, invoicing and month-end close"},
    {u"IT Helpdesk", u"Laptops, VPN and SSO troubleshooting"},
    {u"Partner Portal", u"Reseller guides and co-marketing material"},
    {u"Field Ops Manual", u"Installer checklists and site surveys"},
    {u"Billing Support", u"Plans, proration and payment failures"},
    {u"Research Library", u"Interview notes and market studies"},
    {u"Design System", u"Components, tokens and accessibility rules"},
}};

struct Provider {
    const char16_t *id;
    std::array<const char16_t *, 5> nicknames;
    // One message of each kind a support lead meets (error triage, issue 15): together the four
    // providers carry every action class — re-authorise, fix configuration, wait and resync,
    // resync and unknown — on a few sources each (tst_triage pins it).
    std::array<const char16_t *, 4> errors;
};
constexpr std::array<Provider, 4> kProviders{{
    {u"notion",
     {u"Acme Notion", u"Product Notion", u"Founders' Notion", u"Support Notion Space",
      u"Eng RFCs (Notion)"},
     {u"Notion API returned 401 Unauthorized: the integration token was revoked by a workspace "
      u"admin",
      u"Notion API rate limit exceeded (429) after 5 retries; try again later",
      u"Page \"Q3 Roadmap\" is no longer shared with the Feather integration",
      u"Notion API returned 502 Bad Gateway (request id 4c1e9b8e-2f4a-4c1e-9b8e-1a2b3c4d5e6f)"}},
    {u"google_drive",
     {u"Shared Drive – Legal", u"Sales Enablement Drive", u"Finance Drive", u"HR Shared Drive",
      u"Marketing Drive"},
     {u"Google Drive API: insufficient permissions for shared drive \"Legal\" (403 "
      u"insufficientFilePermissions)",
      u"Google Drive API quota exceeded (userRateLimitExceeded)",
      u"OAuth refresh token expired or revoked; reconnect the Google account",
      u"Unexpected error while exporting \"Board deck.pptx\": conversion returned an empty "
      u"document"}},
    {u"s3",
     {u"s3://acme-kb-docs/handbook", u"Support Archive Bucket", u"Release Artifacts (S3)",
      u"Data Lake Exports", u"s3://acme-legal/contracts"},
     {u"S3 AccessDenied: s3:ListBucket on arn:aws:s3:::acme-kb-docs",
      u"S3 NoSuchBucket: the bucket \"acme-support-archive\" does not exist",
      u"S3 SlowDown: please reduce your request rate (503)",
      u"Connection reset by peer while reading reports/2024/q3-board.pdf from acme-kb-docs"}},
    {u"url",
     {u"docs.acme.com", u"help.acme.com", u"status.acme.com", u"wiki.acme.com/public",
      u"blog.acme.com"},
     {u"GET https://docs.acme.com/sitemap.xml returned 503 Service Unavailable",
      u"TLS handshake with help.acme.com failed: certificate has expired",
      u"Crawl stopped at the 10,000 page limit for https://wiki.acme.com",
      u"Unexpected content type application/x-msdownload at "
      u"https://blog.acme.com/downloads/setup.exe"}},
}};

constexpr std::array<const char16_t *, 5> kOperators{
    u"maria@support-01", u"devon@ops-laptop", u"priya@support-02", u"scheduler", u"scheduler"};

QString str(const char16_t *s)
{
    return QString::fromUtf16(s);
}

} // namespace

QString direct::demoProviderError(const QString &provider, quint32 n)
{
    for (const Provider &p : kProviders)
        if (provider == str(p.id))
            return str(p.errors[n % p.errors.size()]);
    return u"connector returned an unexpected error"_s;
}

namespace {

QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

const QString kInsertKb = QStringLiteral(
    "INSERT INTO knowledge_bases"
    " (id, organization_id, name, description, is_active, document_count, created_at, updated_at)"
    " VALUES (:id, :org, :name, :description, :active, :docs, :created, :updated)"
    " ON CONFLICT (id) DO NOTHING");
const QString kInsertSource = QStringLiteral(
    "INSERT INTO knowledge_base_sources"
    " (id, knowledge_base_id, provider, connection_nickname, status, last_sync_job_id,"
    " auto_sync_enabled, sync_interval_seconds, next_sync_at, last_auto_sync_at, created_at,"
    " updated_at)"
    " VALUES (:id, :kb, :provider, :nickname, :status, :job, :auto, :interval, :next, :lastauto,"
    " :created, :updated)"
    " ON CONFLICT (id) DO NOTHING");
const QString kInsertJob = QStringLiteral(
    "INSERT INTO ingestion_jobs"
    " (id, job_type, status, knowledge_base_id, knowledge_base_source_id, trigger_id,"
    " triggered_by, error_message, total_documents, completed_documents, failed_documents,"
    " created_at, updated_at, started_at, completed_at)"
    " VALUES (:id, 'connector_sync', :status, :kb, :source, NULL, :by, :error, :total, :done,"
    " :failed, :created, :updated, :started, :completed)"
    " ON CONFLICT (id) DO NOTHING");

} // namespace

Result<int> DirectStore::seedDemo(int sources, quint32 seed)
{
    if (sources < 0)
        return Result<int>::failure(Outcome::Invalid,
                                    u"the number of demo sources cannot be negative"_s);
    SqlSession &db = d->session;
    QRandomGenerator rng(seed);
    // Times are relative to now (a demo should look recent); ids, names, statuses and
    // messages depend on the seed only.
    const QDateTime now =
        QDateTime::currentDateTimeUtc().addMSecs(-QDateTime::currentMSecsSinceEpoch() % 1000);
    auto t = [&](const QDateTime &time) { return db.timeParam(time); };
    const int kbCount = qMax(3, qRound(sources / 25.0));
    const QString org = demoId(seed, u"org"_s);

    // Exactly ~8 % error and ~3 % syncing, at seed-chosen positions (Fisher–Yates).
    QList<int> order(sources);
    std::iota(order.begin(), order.end(), 0);
    for (int i = sources - 1; i > 0; --i)
        std::swap(order[i], order[int(rng.bounded(quint32(i + 1)))]);
    const int errors = qRound(sources * 0.08);
    const int syncing = qRound(sources * 0.03);
    QList<QString> statusOf(sources, u"active"_s);
    for (int i = 0; i < errors + syncing && i < sources; ++i)
        statusOf[order[i]] = i < errors ? u"error"_s : u"syncing"_s;

    QList<Binds> kbRows, sourceRows, jobRows;
    QList<int> kbDocs(kbCount, 0);
    QList<QSet<QString>> nicknamesInKb(kbCount);
    for (int i = 0; i < sources; ++i) {
        const int kb = i < kbCount ? i : int(rng.bounded(quint32(kbCount)));
        const Provider &provider = kProviders[rng.bounded(quint32(kProviders.size()))];
        QString nickname = str(provider.nicknames[rng.bounded(quint32(provider.nicknames.size()))]);
        for (int n = 2; nicknamesInKb[kb].contains(nickname); ++n)
            nickname = str(provider.nicknames[0]) + u" #%1"_s.arg(n);
        nicknamesInKb[kb].insert(nickname);
        const QString id = demoId(seed, u"source/%1"_s.arg(i));
        const QString kbId = demoId(seed, u"kb/%1"_s.arg(kb));
        const QString status = statusOf[i];
        const QDateTime created = now.addSecs(-qint64(86400) * (30 + rng.bounded(370)));
        const bool autoSync = rng.bounded(100) < 35;
        const int interval = std::array{3600, 21600, 86400}[rng.bounded(3)];

        // History: a completed sync for everyone, then a failed one (error) or a running one.
        const int total = 20 + int(rng.bounded(1980));
        const QDateTime okStart = now.addSecs(-3600 - qint64(rng.bounded(72 * 3600)));
        const QDateTime okEnd = okStart.addSecs(60 + rng.bounded(1800));
        const QString okJob = demoId(seed, u"job/%1/0"_s.arg(i));
        const QString by = str(kOperators[rng.bounded(quint32(kOperators.size()))]);
        jobRows.append({{u":id"_s, okJob},
                        {u":status"_s, u"completed"_s},
                        {u":kb"_s, kbId},
                        {u":source"_s, id},
                        {u":by"_s, by},
                        {u":error"_s, nullable({})},
                        {u":total"_s, total},
                        {u":done"_s, total},
                        {u":failed"_s, 0},
                        {u":created"_s, t(okStart)},
                        {u":updated"_s, t(okEnd)},
                        {u":started"_s, t(okStart.addSecs(2))},
                        {u":completed"_s, t(okEnd)}});
        QString lastJob = okJob;
        QDateTime updated = okEnd;
        if (status != u"active"_s) {
            lastJob = demoId(seed, u"job/%1/1"_s.arg(i));
            const bool failed = status == u"error"_s;
            // A failed run ended in the past: never later than 20 minutes ago (okEnd can be as
            // late as half an hour ago, and a job stamped in the future would look newer than
            // any trigger the demo receives).
            const QDateTime start =
                failed ? std::min(okEnd.addSecs(600 + rng.bounded(3 * 3600)), now.addSecs(-1200))
                       : now.addSecs(-60 - qint64(rng.bounded(20 * 60)));
            const QDateTime end = failed ? start.addSecs(30 + rng.bounded(900)) : QDateTime();
            const int done = int(rng.bounded(quint32(total)));
            const bool queued = !failed && rng.bounded(4) == 0;
            jobRows.append({{u":id"_s, lastJob},
                            {u":status"_s, failed   ? u"failed"_s
                                           : queued ? u"queued"_s
                                                    : u"processing"_s},
                            {u":kb"_s, kbId},
                            {u":source"_s, id},
                            {u":by"_s, by},
                            {u":error"_s, nullable(failed ? direct::demoProviderError(
                                                       str(provider.id), rng.generate())
                                                          : QString())},
                            {u":total"_s, total},
                            {u":done"_s, queued ? 0 : done},
                            {u":failed"_s, failed ? total - done : 0},
                            {u":created"_s, t(start)},
                            {u":updated"_s, t(failed ? end : now)},
                            {u":started"_s, queued ? t({}) : t(start.addSecs(3))},
                            {u":completed"_s, t(end)}});
            updated = failed ? end : start;
        }
        kbDocs[kb] += total;
        sourceRows.append(
            {{u":id"_s, id},
             {u":kb"_s, kbId},
             {u":provider"_s, str(provider.id)},
             {u":nickname"_s, nickname},
             {u":status"_s, status},
             {u":job"_s, lastJob},
             {u":auto"_s, autoSync},
             {u":interval"_s, autoSync ? QVariant(interval) : QVariant(QMetaType::fromType<int>())},
             {u":next"_s, autoSync ? t(now.addSecs(rng.bounded(quint32(interval)))) : t({})},
             {u":lastauto"_s, autoSync ? t(okStart) : t({})},
             {u":created"_s, t(created)},
             {u":updated"_s, t(updated)}});
    }
    for (int kb = 0; kb < kbCount; ++kb) {
        const KbName &name = kKbNames[kb % kKbNames.size()];
        QString title = str(name.name);
        if (kb >= int(kKbNames.size()))
            title += u" %1"_s.arg(kb / kKbNames.size() + 1);
        const QDateTime created = now.addSecs(-qint64(86400) * (400 + kb));
        kbRows.append({{u":id"_s, demoId(seed, u"kb/%1"_s.arg(kb))},
                       {u":org"_s, org},
                       {u":name"_s, title},
                       {u":description"_s, str(name.description)},
                       {u":active"_s, true},
                       {u":docs"_s, kbDocs[kb]},
                       {u":created"_s, t(created)},
                       {u":updated"_s, t(now)}});
    }

    auto fail = [&](const DbError &e) {
        db.rollback();
        return direct::failure<int>(e, m_config, true);
    };
    if (const DbError e = db.begin(); e.failed())
        return fail(e);
    for (const auto &[sql, rows] :
         {std::pair{kInsertKb, kbRows}, std::pair{kInsertSource, sourceRows},
          std::pair{kInsertJob, jobRows}}) {
        if (rows.isEmpty())
            continue;
        if (const Rows r = db.execBatch(sql, rows); !r.ok())
            return fail(r.error);
    }
    if (const DbError e = db.commit(); e.failed())
        return direct::failure<int>(e, m_config, true);
    return Result<int>::success(sources);
}

} // namespace feather
