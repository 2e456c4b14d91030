import Foundation
import KomfyRuntime

/// The baseline of `komfy bench ingest`: a ComfyUI from the engine install, on CPU, with its own
/// ports and directories, or one already running (`--comfyui-url`).
///
/// ComfyUI validates every input of a prompt before it queues it, so the checkpoint a prompt names
/// must exist: a started engine gets an empty `bench.safetensors` in a checkpoints folder of its
/// own (validation only looks at the name; the failed load when the queued prompt runs is
/// ComfyUI's work, done while it takes more prompts, as it would be in production).
final class ComfyUIBaseline {
    let port: Int
    /// The checkpoint name `/prompt` accepts.
    let checkpoint: String
    private let engine: ComfyUIEngine

    private init(engine: ComfyUIEngine, port: Int, checkpoint: String) {
        self.engine = engine
        self.port = port
        self.checkpoint = checkpoint
    }

    /// Starts ComfyUI on a free port with everything it writes under `scratch`; returns once it serves.
    static func start(scratch: URL) async throws -> ComfyUIBaseline {
        let root = scratch.appendingPathComponent("comfyui")
        let checkpoints = root.appendingPathComponent("models/checkpoints")
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        let checkpoint = "bench.safetensors"
        _ = FileManager.default.createFile(atPath: checkpoints.appendingPathComponent(checkpoint).path, contents: Data())
        let engine = try await ComfyUIEngine.start(.init(root: root, modelFolders: ["checkpoints": checkpoints]))
        return ComfyUIBaseline(engine: engine, port: engine.baseURL.port ?? 0, checkpoint: checkpoint)
    }

    /// A ComfyUI that is already running at `url` (`http://127.0.0.1:PORT`); prompts name its first
    /// checkpoint.
    static func attach(url: String) async throws -> ComfyUIBaseline {
        guard let parsed = URL(string: url), parsed.host == "127.0.0.1", let port = parsed.port else {
            throw BenchError("--comfyui-url must be http://127.0.0.1:PORT (the bench drives loopback servers only)")
        }
        let engine = try await ComfyUIEngine.attach(parsed)
        let answer = try LoopbackHTTPConnection(port: port).get("/object_info/CheckpointLoaderSimple")
        let json = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        let node = json?["CheckpointLoaderSimple"] as? [String: Any]
        let required = (node?["input"] as? [String: Any])?["required"] as? [String: Any]
        guard let names = (required?["ckpt_name"] as? [Any])?.first as? [String], let first = names.first else {
            throw BenchError("the ComfyUI at \(url) has no checkpoint; /prompt would refuse the workflow. Omit --comfyui-url to start one.")
        }
        return ComfyUIBaseline(engine: engine, port: port, checkpoint: first)
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
        engine.stop()
    }

    var logFile: URL? { engine.logFile }
}
