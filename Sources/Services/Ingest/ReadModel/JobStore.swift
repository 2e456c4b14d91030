import Foundation
import GRDB
import KomfyEvents
import KomfyJobs

/// The read model's SQLite file: one row per job, every event of every job (for SSE and history),
/// and the Kafka positions the projection has applied, all written in one transaction per batch so a
/// restart resumes exactly where the last commit ended.
///
/// One writer (the projector), many readers (HTTP handlers): a WAL-mode `DatabasePool`.
final class JobStore: Sendable {
    /// The projection's checkpoint name in the `positions` table.
    static let projection = "ingest.jobs.v1"

    let pool: DatabasePool

    init(path: URL) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // The log is the source of truth: losing the last commits on power loss only means
            // re-reading them from Kafka.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // New jobs' ids are time-ordered (`JobIDMinter`), but not all ids are (idempotency keys and
            // Kafka commands derive theirs), and later events of a job update older pages: a page
            // cache of 64 MiB (SQLite's default is 2 MiB) keeps those in memory instead of re-reading them.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        pool = try DatabasePool(path: path.path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    job_id TEXT PRIMARY KEY NOT NULL,
                    tenant TEXT NOT NULL,
                    api_key_id TEXT,
                    status TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    started_at INTEGER,
                    completed_at INTEGER,
                    execution_time_ms INTEGER,
                    outputs TEXT,
                    error TEXT,
                    metadata TEXT,
                    idempotency_key TEXT,
                    fingerprint TEXT
                );
                CREATE INDEX jobs_by_tenant ON jobs (tenant, created_at DESC, job_id DESC);
                CREATE INDEX jobs_by_tenant_status ON jobs (tenant, status, created_at DESC, job_id DESC);
                CREATE INDEX jobs_queued ON jobs (status, priority, created_at);
                CREATE TABLE job_events (
                    job_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    event_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (job_id, seq)
                ) WITHOUT ROWID;
                CREATE TABLE positions (
                    projection TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    partition INTEGER NOT NULL,
                    next_offset INTEGER NOT NULL,
                    PRIMARY KEY (projection, topic, partition)
                ) WITHOUT ROWID;
                """)
        }
        // Events in a rowid table, appended in log order, with a small index to find a job's: keyed by
        // (job_id, seq) and WITHOUT ROWID, every ~1 KiB event landed on a random page of the table
        // (job ids are random) and spilled into an overflow page, so each batch dirtied and wrote
        // several pages per job.
        migrator.registerMigration("v2-job-events-appended") { db in
            try db.execute(sql: """
                CREATE TABLE job_events_appended (
                    job_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    event_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    value BLOB NOT NULL
                );
                INSERT INTO job_events_appended (job_id, seq, event_id, type, value)
                    SELECT job_id, seq, event_id, type, value FROM job_events ORDER BY job_id, seq;
                DROP TABLE job_events;
                ALTER TABLE job_events_appended RENAME TO job_events;
                CREATE UNIQUE INDEX job_events_by_job ON job_events (job_id, seq);
                """)
        }
        return migrator
    }

    // MARK: Writing (the projector only)

    /// Runs `body` in one write transaction, blocking the calling thread until it is done (the
    /// projector calls it from its own thread, and SQLite then runs on that thread).
    func writeOnThisThread<T>(_ body: (Writer) throws -> T) throws -> T {
        try pool.write { db in try body(Writer(db: db)) }
    }

    /// The statements a projection batch runs, bound to its transaction.
    struct Writer {
        let db: Database

        func upsert(_ job: StoredJob) throws {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO jobs (job_id, tenant, api_key_id, status, phase, priority, created_at, started_at,
                                  completed_at, execution_time_ms, outputs, error, metadata, idempotency_key, fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id) DO UPDATE SET
                    status = excluded.status, phase = excluded.phase, started_at = excluded.started_at,
                    completed_at = excluded.completed_at, execution_time_ms = excluded.execution_time_ms,
                    outputs = excluded.outputs, error = excluded.error
                """)
            try statement.execute(arguments: [
                job.jobID.lowercasedString, job.tenant, job.apiKeyID, job.status.rawValue, job.phase.rawValue,
                job.priority, job.createdAt.millisecondsSinceEpoch, job.startedAt?.millisecondsSinceEpoch,
                job.completedAt?.millisecondsSinceEpoch, job.executionTimeMs, JSONText.encode(job.outputs),
                JSONText.encode(job.error), JSONText.encode(job.metadata), job.idempotencyKey, job.fingerprint,
            ])
        }

        func appendEvent(jobID: UUID, seq: Int, eventID: UUID, type: String, value: Data) throws {
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO job_events (job_id, seq, event_id, type, value) VALUES (?, ?, ?, ?, ?)
                """)
            try statement.execute(arguments: [jobID.lowercasedString, seq, eventID.lowercasedString, type, value])
        }

        func savePosition(topic: String, partition: Int32, nextOffset: Int64) throws {
            let statement = try db.cachedStatement(sql: """
                INSERT INTO positions (projection, topic, partition, next_offset) VALUES (?, ?, ?, ?)
                ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = excluded.next_offset
                """)
            try statement.execute(arguments: [JobStore.projection, topic, Int(partition), nextOffset])
        }

        func events(of jobID: UUID) throws -> [StoredEvent] {
            try JobStore.events(db, jobID: jobID, after: 0)
        }
    }

    /// Forgets everything (for `komfy replay rebuild`): the next projector starts from offset 0.
    func reset() async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM jobs; DELETE FROM job_events; DELETE FROM positions;")
        }
    }

    // MARK: Reading

    /// The next offset to read per partition of `topic`, as of the last committed batch.
    func positions(topic: String) throws -> [Int32: Int64] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT partition, next_offset FROM positions WHERE projection = ? AND topic = ?",
                                        arguments: [Self.projection, topic])
            var positions: [Int32: Int64] = [:]
            for row in rows { positions[Int32(row["partition"] as Int)] = row["next_offset"] }
            return positions
        }
    }

    func job(_ jobID: UUID) throws -> StoredJob? {
        try pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE job_id = ?"), arguments: [jobID.lowercasedString])
                .map(Self.storedJob)
        }
    }

    /// A tenant's jobs, newest first, after `cursor` (exclusive), optionally of one status.
    func jobs(tenant: String, status: JobStatus?, after cursor: JobCursor?, limit: Int) throws -> [StoredJob] {
        try pool.read { db in
            var sql = "SELECT * FROM jobs WHERE tenant = ?"
            var arguments: StatementArguments = [tenant]
            if let status {
                sql += " AND status = ?"
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let cursor {
                sql += " AND (created_at < ? OR (created_at = ? AND job_id < ?))"
                _ = arguments.append(contentsOf: [cursor.createdAt, cursor.createdAt, cursor.jobID])
            }
            sql += " ORDER BY created_at DESC, job_id DESC LIMIT ?"
            _ = arguments.append(contentsOf: [limit])
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.storedJob)
        }
    }

    /// How many jobs and events the read model holds.
    func counts() throws -> (jobs: Int, events: Int) {
        try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM job_events") ?? 0)
        }
    }

    /// Queued jobs that run before one of `priority` created at `createdAt` (higher priority first, then older).
    func queuedAhead(priority: Int, createdAt: Timestamp, excluding jobID: UUID) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND job_id != ?
                AND (priority > ? OR (priority = ? AND created_at <= ?))
                """, arguments: [jobID.lowercasedString, priority, priority, createdAt.millisecondsSinceEpoch]) ?? 0
        }
    }

    /// A job's events after sequence number `seq` (1-based), in log order, and whether the job is
    /// terminal, read together so a terminal job's last event is never missed.
    func events(of jobID: UUID, after seq: Int) throws -> (events: [StoredEvent], terminal: Bool) {
        try pool.read { db in
            let events = try Self.events(db, jobID: jobID, after: seq)
            let status = try String.fetchOne(db, sql: "SELECT status FROM jobs WHERE job_id = ?",
                                             arguments: [jobID.lowercasedString])
            return (events, status.flatMap(JobStatus.init(rawValue:))?.isTerminal ?? false)
        }
    }

    /// Counts by tenant and status, and the recent submissions per tenant, to seed `TenantActivity` at start.
    func activitySnapshot(since: Timestamp) throws -> ActivitySnapshot {
        try pool.read { db in
            var snapshot = ActivitySnapshot()
            for row in try Row.fetchAll(db, sql: """
                SELECT tenant, status, priority, COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'running')
                GROUP BY tenant, status, priority
                """) {
                snapshot.counts.append((row["tenant"], JobStatus(rawValue: row["status"]) ?? .queued, row["priority"], row["n"]))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT tenant, created_at FROM jobs WHERE created_at >= ?
                """, arguments: [since.millisecondsSinceEpoch]) {
                snapshot.recentSubmissions.append((row["tenant"], Timestamp(millisecondsSinceEpoch: row["created_at"])))
            }
            snapshot.recentExecutionMs = try Int64.fetchAll(db, sql: """
                SELECT execution_time_ms FROM jobs WHERE execution_time_ms IS NOT NULL ORDER BY completed_at DESC LIMIT 50
                """)
            return snapshot
        }
    }

    struct ActivitySnapshot {
        var counts: [(tenant: String, status: JobStatus, priority: Int, count: Int)] = []
        var recentSubmissions: [(tenant: String, at: Timestamp)] = []
        var recentExecutionMs: [Int64] = []
    }

    private static func events(_ db: Database, jobID: UUID, after seq: Int) throws -> [StoredEvent] {
        // Cached: the projector asks this for every job it has not seen yet (usually finding none),
        // and preparing the statement each time cost more than running it.
        let statement = try db.cachedStatement(sql: "SELECT seq, type, value FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq")
        return try Row.fetchAll(statement, arguments: [jobID.lowercasedString, seq])
            .map { StoredEvent(seq: $0["seq"], type: $0["type"], value: $0["value"]) }
    }

    private static func storedJob(_ row: Row) -> StoredJob {
        StoredJob(
            jobID: UUID(uuidString: row["job_id"]) ?? UUID(), tenant: row["tenant"], apiKeyID: row["api_key_id"],
            status: JobStatus(rawValue: row["status"]) ?? .queued, phase: JobPhase(rawValue: row["phase"]) ?? .validating,
            priority: row["priority"], createdAt: Timestamp(millisecondsSinceEpoch: row["created_at"]),
            startedAt: (row["started_at"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)),
            completedAt: (row["completed_at"] as Int64?).map(Timestamp.init(millisecondsSinceEpoch:)),
            executionTimeMs: row["execution_time_ms"], outputs: JSONText.decode(row["outputs"]),
            error: JSONText.decode(row["error"]), metadata: JSONText.decode(row["metadata"]),
            idempotencyKey: row["idempotency_key"], fingerprint: row["fingerprint"])
    }
}

/// One stored event of a job: its 1-based position in the job's history and the record value.
struct StoredEvent: Sendable, Hashable {
    var seq: Int
    var type: String
    var value: Data
}

/// Where a page of `GET /v1/jobs` ended: the last job's creation time and id.
struct JobCursor: Sendable, Hashable {
    var createdAt: Int64
    var jobID: String

    /// Opaque to clients: base64url of `<created_at>.<job_id>`.
    var token: String {
        Data("\(createdAt).\(jobID)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(createdAt: Int64, jobID: String) {
        self.createdAt = createdAt
        self.jobID = jobID
    }

    init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let dot = text.firstIndex(of: "."), let createdAt = Int64(text[..<dot]),
              let jobID = UUID(uuidString: String(text[text.index(after: dot)...])) else { return nil }
        self.createdAt = createdAt
        self.jobID = jobID.lowercasedString
    }
}

/// JSON columns: values the API returns as they are, never queried inside.
enum JSONText {
    static func encode<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decode<T: Decodable>(_ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
