import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A ComfyUI engine from the install of `make setup`, started on a loopback port of its own with
/// every directory it writes under one root, or one that is already running.
///
/// `komfy catalog publish`, `komfy up`, the benchmarks and the tests start engines through this
/// type, so they all run ComfyUI the same way: CPU unless a GPU is asked for, an in-memory database,
/// models found through an `extra_model_paths` file Komfy writes.
public final class ComfyUIEngine: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let baseURL: URL
    private let child: ChildProcess?

    private init(baseURL: URL, child: ChildProcess?) {
        self.baseURL = baseURL
        self.child = child
    }

    /// How to start an engine.
    public struct Launch: Sendable {
        /// Its `input`, `output`, `temp` and `user` directories and its log go here.
        public var root: URL
        /// ComfyUI model folders (`checkpoints`, `loras`, ...) and the directories holding them.
        public var modelFolders: [String: URL]
        /// Run on the CPU (every machine without CUDA, and the tests).
        public var cpu: Bool
        /// How long to wait for it to serve; a cold start imports torch and every node module.
        public var startTimeout: Duration

        public init(root: URL, modelFolders: [String: URL] = [:], cpu: Bool = true,
                    startTimeout: Duration = .seconds(300)) {
            self.root = root
            self.modelFolders = modelFolders
            self.cpu = cpu
            self.startTimeout = startTimeout
        }
    }

    /// Starts ComfyUI on a free port; returns once it answers `/system_stats`.
    public static func start(_ launch: Launch, paths: KomfyPaths = KomfyPaths()) async throws -> ComfyUIEngine {
        let python = try paths.require(paths.comfyUIPython, what: "The ComfyUI venv")
        let main = try paths.require(paths.comfyUI.appendingPathComponent("main.py"), what: "The ComfyUI engine")
        let root = launch.root
        let manager = FileManager.default
        for folder in ["input", "output", "temp", "user"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let port = try FreePort.find()
        var arguments = [main.path, "--listen", "127.0.0.1", "--port", String(port), "--disable-auto-launch",
                         "--input-directory", root.appendingPathComponent("input").path,
                         "--output-directory", root.appendingPathComponent("output").path,
                         "--temp-directory", root.appendingPathComponent("temp").path,
                         "--user-directory", root.appendingPathComponent("user").path,
                         // Its own in-memory database: two engines of one install share no state.
                         "--database-url", "sqlite:///:memory:"]
        if launch.cpu { arguments.append("--cpu") }
        if !launch.modelFolders.isEmpty {
            let file = root.appendingPathComponent("extra_model_paths.yaml")
            try extraModelPaths(launch.modelFolders).write(to: file, atomically: true, encoding: .utf8)
            arguments += ["--extra-model-paths-config", file.path]
        }
        let child = try ChildProcess(name: "comfyui", executable: python, arguments: arguments,
                                     logFile: root.appendingPathComponent("comfyui.log"))
        let engine = ComfyUIEngine(baseURL: URL(string: "http://127.0.0.1:\(port)")!, child: child)
        let deadline = ContinuousClock.now + launch.startTimeout
        while (try? await engine.get("/system_stats", timeout: 2)) == nil {
            guard child.isRunning, ContinuousClock.now < deadline else {
                child.stop()
                throw KomfyRuntimeError("ComfyUI did not start on port \(port) (log: \(child.logFile.path)):\n\(child.logTail())")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return engine
    }

    /// An engine that is already running at `url` (`http://host:port`).
    public static func attach(_ url: URL) async throws -> ComfyUIEngine {
        let engine = ComfyUIEngine(baseURL: url, child: nil)
        do {
            _ = try await engine.get("/system_stats", timeout: 10)
        } catch {
            throw KomfyRuntimeError("no ComfyUI answers at \(url): \(error)")
        }
        return engine
    }

    /// `GET /object_info`: every node class the engine has, as ComfyUI's JSON.
    public func objectInfo() async throws -> Data {
        try await get("/object_info", timeout: 120)
    }

    /// `GET /system_stats`: the engine's versions and devices, as ComfyUI's JSON.
    public func systemStats() async throws -> Data {
        try await get("/system_stats", timeout: 30)
    }

    /// The ComfyUI version `/system_stats` reports (`system.comfyui_version`), or `unknown`.
    public func version() async throws -> String {
        let stats = try JSONSerialization.jsonObject(with: try await systemStats()) as? [String: Any]
        let system = stats?["system"] as? [String: Any]
        return system?["comfyui_version"] as? String ?? "unknown"
    }

    /// Stops the engine if this process started it.
    public func stop() {
        child?.stop()
    }

    /// The engine's log file when this process started it.
    public var logFile: URL? { child?.logFile }

    /// The last lines of the engine's log, for error messages.
    public func logTail() -> String { child?.logTail() ?? "" }

    func get(_ path: String, timeout: TimeInterval) async throws -> Data {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.timeoutInterval = timeout
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            let code = (response as? HTTPURLResponse)?.statusCode ?? 0
            throw KomfyRuntimeError("ComfyUI answered \(code) to GET \(path): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return data
    }

    /// ComfyUI's `extra_model_paths` YAML: one section whose folders point at absolute directories.
    static func extraModelPaths(_ folders: [String: URL]) -> String {
        var yaml = "komfy:\n"
        for (folder, directory) in folders.sorted(by: { $0.key < $1.key }) {
            yaml += "  \(folder): \"\(directory.path)\"\n"
        }
        return yaml
    }
}
