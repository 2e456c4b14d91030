import Foundation
import Logging

/// `komfy replay rebuild`: throws an instance's read model away and folds `komfy.job-events` into it
/// again from offset 0. Run it with the instance stopped; the instance then resumes from the end.
public enum ReadModelRebuild {
    public struct Summary: Sendable, Hashable {
        public var jobs: Int
        public var events: Int

        public init(jobs: Int, events: Int) {
            self.jobs = jobs
            self.events = events
        }
    }

    public static func run(configuration: IngestConfiguration,
                           logger: Logger = Logger(label: "komfy.replay")) async throws -> Summary {
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try JobStore(path: configuration.dataDirectory.appendingPathComponent(IngestService.readModelFile))
        try await store.reset()
        let projector = JobProjector(store: store, kafka: configuration.kafka, topic: configuration.topics.jobEvents,
                                     board: ActivityBoard(producerName: "replay"), feed: JobEventFeed(),
                                     metrics: IngestMetrics(), logger: logger)
        try await projector.catchUp()
        let counts = try store.counts()
        return Summary(jobs: counts.jobs, events: counts.events)
    }
}
