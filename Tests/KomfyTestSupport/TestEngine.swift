import Foundation
import KomfyRuntime

/// The ComfyUI engine of a test run, for tests that need the real node catalog (or, later, a real
/// execution).
///
/// Set `KOMFY_TEST_COMFYUI=http://127.0.0.1:PORT` to use a running engine; otherwise the first
/// test that asks starts one from the install of `make setup` (~30-45 s on CPU) and every later
/// test of the process shares it. Its files live in a temporary directory; the engine stops when
/// the test process exits (`ChildProcess`'s watchdog).
public enum TestEngine {
    private static let engine = SharedEngine()

    /// The run's engine.
    public static func shared() async throws -> ComfyUIEngine {
        try await engine.get()
    }

    /// The engine's `/object_info`, fetched once per process.
    public static func objectInfo() async throws -> Data {
        try await engine.objectInfo()
    }

    /// The engine's ComfyUI version, as `/system_stats` reports it.
    public static func version() async throws -> String {
        try await engine.version()
    }
}

private actor SharedEngine {
    private var starting: Task<ComfyUIEngine, any Error>?
    private var catalog: Task<Data, any Error>?
    private var engineVersion: Task<String, any Error>?

    func get() async throws -> ComfyUIEngine {
        if starting == nil {
            starting = Task {
                if let configured = ProcessInfo.processInfo.environment["KOMFY_TEST_COMFYUI"], !configured.isEmpty,
                   let url = URL(string: configured) {
                    return try await ComfyUIEngine.attach(url)
                }
                let root = FileManager.default.temporaryDirectory
                    .appendingPathComponent("komfy-test-engine-\(UUID().uuidString.prefix(8))")
                return try await ComfyUIEngine.start(.init(root: root))
            }
        }
        return try await starting!.value
    }

    func objectInfo() async throws -> Data {
        if catalog == nil {
            catalog = Task { try await get().objectInfo() }
        }
        return try await catalog!.value
    }

    func version() async throws -> String {
        if engineVersion == nil {
            engineVersion = Task { try await get().version() }
        }
        return try await engineVersion!.value
    }
}
