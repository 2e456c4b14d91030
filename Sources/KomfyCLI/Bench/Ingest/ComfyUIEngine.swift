import Foundation
import KomfyRuntime

/// The baseline of `komfy bench ingest`: a ComfyUI from the engine install, on CPU, with its own
/// ports and directories, or one already running (`--comfyui-url`).
///
/// ComfyUI validates every input of a prompt before it queues it, so the checkpoint a prompt names
/// must exist: a started engine gets an empty `bench.safetensors` through its own
/// extra-model-paths file (validation only looks at the name; the failed load when the queued
/// prompt runs is ComfyUI's work, done while it takes more prompts, as it would be in production).
final class ComfyUIEngine {
    let port: Int
    /// The checkpoint name `/prompt` accepts.
    let checkpoint: String
    private let child: ChildProcess?

    private init(port: Int, checkpoint: String, child: ChildProcess?) {
        self.port = port
        self.checkpoint = checkpoint
        self.child = child
    }

    /// Starts ComfyUI on a free port with everything it writes under `scratch`; returns once it serves.
    static func start(paths: KomfyPaths, scratch: URL) async throws -> ComfyUIEngine {
        let python = try paths.require(paths.comfyUIPython, what: "The ComfyUI venv")
        let main = try paths.require(paths.comfyUI.appendingPathComponent("main.py"), what: "The ComfyUI engine")
        let root = scratch.appendingPathComponent("comfyui")
        let manager = FileManager.default
        for folder in ["models/checkpoints", "input", "output", "temp", "user"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let checkpoint = "bench.safetensors"
        _ = manager.createFile(atPath: root.appendingPathComponent("models/checkpoints/\(checkpoint)").path, contents: Data())
        let modelPaths = root.appendingPathComponent("extra_model_paths.yaml")
        try """
            komfy_bench:
              base_path: \(root.appendingPathComponent("models").path)
              checkpoints: checkpoints

            """.write(to: modelPaths, atomically: true, encoding: .utf8)
        let port = try FreePort.find()
        // Directories and database of its own, so it shares no state with another ComfyUI of the same install.
        let child = try ChildProcess(
            name: "comfyui", executable: python,
            arguments: [main.path, "--cpu", "--listen", "127.0.0.1", "--port", String(port), "--disable-auto-launch",
                        "--extra-model-paths-config", modelPaths.path,
                        "--input-directory", root.appendingPathComponent("input").path,
                        "--output-directory", root.appendingPathComponent("output").path,
                        "--temp-directory", root.appendingPathComponent("temp").path,
                        "--user-directory", root.appendingPathComponent("user").path,
                        "--database-url", "sqlite:///:memory:"],
            logFile: root.appendingPathComponent("comfyui.log"))
        let engine = ComfyUIEngine(port: port, checkpoint: checkpoint, child: child)
        let deadline = ContinuousClock.now + .seconds(300)
        let connection = LoopbackHTTPConnection(port: port)
        while (try? connection.get("/system_stats").status) != 200 {
            guard child.isRunning, ContinuousClock.now < deadline else {
                child.stop()
                throw BenchError("ComfyUI did not start on port \(port):\n\(child.logTail())")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return engine
    }

    /// A ComfyUI that is already running at `url` (`http://127.0.0.1:PORT`); prompts name its first
    /// checkpoint.
    static func attach(url: String) throws -> ComfyUIEngine {
        guard let parsed = URL(string: url), parsed.host == "127.0.0.1", let port = parsed.port else {
            throw BenchError("--comfyui-url must be http://127.0.0.1:PORT (the bench drives loopback servers only)")
        }
        let answer = try LoopbackHTTPConnection(port: port).get("/object_info/CheckpointLoaderSimple")
        let json = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        let node = json?["CheckpointLoaderSimple"] as? [String: Any]
        let required = (node?["input"] as? [String: Any])?["required"] as? [String: Any]
        guard let names = (required?["ckpt_name"] as? [Any])?.first as? [String], let first = names.first else {
            throw BenchError("the ComfyUI at \(url) has no checkpoint; /prompt would refuse the workflow. Omit --comfyui-url to start one.")
        }
        return ComfyUIEngine(port: port, checkpoint: first, child: nil)
    }

    /// One `POST /prompt` of `target`: it must answer 200 with a prompt_id, or the load would measure refusals.
    func probe(_ target: LoadTarget) throws {
        let answer = try LoopbackHTTPConnection(port: port).send(target.wireRequest)
        guard answer.status == 200, answer.text.contains("\"prompt_id\"") else {
            throw BenchError("ComfyUI refused the bench workflow (\(answer.status)): \(answer.text.prefix(600))")
        }
    }

    /// Stops the engine if this bench started it.
    func stop() {
        child?.stop()
    }

    var logFile: URL? { child?.logFile }
}
