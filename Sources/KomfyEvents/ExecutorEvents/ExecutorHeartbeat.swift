import Foundation

/// What an executor worker tells the fleet every few seconds on `komfy.executor-status` (keyed by
/// executor id, compacted, so the topic holds each worker's latest word): whether it is idle, which
/// models it has loaded (cache-aware routing) and which engine it runs. Readers count a worker as
/// live while its last heartbeat is younger than `ttlMs`.
public struct ExecutorHeartbeat: Codable, Sendable, Hashable {
    public static let eventType = "ExecutorHeartbeat"

    public enum State: String, Codable, Sendable, Hashable {
        case idle
        case busy
    }

    public var executorID: String
    public var state: State
    /// sha256 of each model file the worker has loaded, for cache-aware claims.
    public var loadedModels: [String]
    /// e.g. `NVIDIA L4`, or `cpu`.
    public var gpu: String
    public var engineFingerprint: String
    public var at: Timestamp
    /// How long this heartbeat counts; the worker sends the next well before.
    public var ttlMs: Int64

    public init(executorID: String, state: State, loadedModels: [String] = [], gpu: String, engineFingerprint: String,
                at: Timestamp, ttlMs: Int64 = 15_000) {
        self.executorID = executorID
        self.state = state
        self.loadedModels = loadedModels
        self.gpu = gpu
        self.engineFingerprint = engineFingerprint
        self.at = at
        self.ttlMs = ttlMs
    }

    enum CodingKeys: String, CodingKey {
        case state, gpu, at
        case executorID = "executor_id"
        case loadedModels = "loaded_models"
        case engineFingerprint = "engine_fingerprint"
        case ttlMs = "ttl_ms"
    }

    public func isLive(at now: Timestamp) -> Bool {
        at.milliseconds(until: now) < ttlMs
    }
}

/// A worker that shut down cleanly says so, so readers stop counting it at once.
public struct ExecutorStopped: Codable, Sendable, Hashable {
    public static let eventType = "ExecutorStopped"

    public var executorID: String
    public var at: Timestamp

    public init(executorID: String, at: Timestamp) {
        self.executorID = executorID
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case at
        case executorID = "executor_id"
    }
}
