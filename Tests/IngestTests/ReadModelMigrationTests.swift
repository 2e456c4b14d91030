import Foundation
import GRDB
import KomfyEvents
import Testing

@testable import KomfyIngest

@Suite("The read model's SQLite schema migrates with its data")
struct ReadModelMigrationTests {
    @Test("events stored by the first schema are read after the move to an appended events table; new ones append")
    func eventsSurviveTheMigration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("komfy-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("read-model.sqlite")
        let job = EventID.named("migrated-job")
        do {
            let old = try DatabaseQueue(path: path.path)
            try JobStore.migrator.migrate(old, upTo: "v1")
            try old.write { db in
                for seq in 1...2 {
                    try db.execute(sql: "INSERT INTO job_events (job_id, seq, event_id, type, value) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [job.uuidString.lowercased(), seq, "e\(seq)", "JobSubmitted", Data("{\"n\":\(seq)}".utf8)])
                }
            }
        }
        let store = try JobStore(path: path)
        #expect(try store.events(of: job, after: 0).events.map(\.seq) == [1, 2])
        try store.pool.write { db in
            try JobStore.Writer(db: db).appendEvent(jobID: job, seq: 3, eventID: EventID.named("e3"), type: "JobValidated",
                                                    value: Data("{}".utf8))
            // The same position again is ignored, as before the migration.
            try JobStore.Writer(db: db).appendEvent(jobID: job, seq: 3, eventID: EventID.named("other"), type: "JobValidated",
                                                    value: Data("{}".utf8))
        }
        #expect(try store.events(of: job, after: 1).events.map(\.seq) == [2, 3])
        #expect(try store.counts().events == 3)
    }
}
