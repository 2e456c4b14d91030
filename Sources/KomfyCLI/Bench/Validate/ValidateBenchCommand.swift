import ArgumentParser
import Foundation
import KomfyEvents
import KomfyRuntime
import KomfyWorkflow

/// `komfy bench validate`: the validator's pure check of the seed workflow against a real node
/// catalog, on one core, with the structural check alone (what ingest runs at submit time) measured
/// in the same run as the reference point.
struct ValidateBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate the seed workflow against a real node catalog on one core; print workflows/s and µs per workflow, with WorkflowStructure.check alone as the reference.")

    @Option(name: .long, help: "Take the catalog from this running ComfyUI (http://127.0.0.1:PORT).")
    var comfyuiURL: String?

    @Option(name: .long, help: "Take the catalog from this saved /object_info file (instead of an engine).")
    var objectInfo: String?

    @Option(name: .long, help: "The engine version to fingerprint a --object-info file with.")
    var engineVersion: String = "unknown"

    @Option(name: .long, help: "Seconds of each measured run (after a warm-up of a fifth of it).")
    var duration: Double = 3

    func validate() throws {
        guard duration > 0 else { throw ValidationError("--duration must be more than 0 seconds") }
        guard comfyuiURL == nil || objectInfo == nil else {
            throw ValidationError("give --comfyui-url or --object-info, not both")
        }
    }

    func run() async throws {
        Console.lineBuffered()
        let catalog = try await loadCatalog()
        print("Catalog \(catalog.fingerprint): \(catalog.classTypes.count) node classes")

        let seed = try JSONValue.parse(Data(BenchWorkflow.workflow.utf8))
        let wide = ValidateBenchWorkflows.wideGraph(branches: 72)
        let rules = ValidationRules(limits: .enterprise)
        for (name, prompt) in [("seed workflow (7 nodes)", seed), ("wide graph (\(wide.objectValue!.count) nodes)", wide)] {
            guard case .valid = WorkflowValidator.validate(prompt, catalog: catalog, rules: rules) else {
                throw ValidationError("the \(name) does not validate against this catalog")
            }
            let nodes = prompt.objectValue!.count
            let full = measure { _ = WorkflowValidator.validate(prompt, catalog: catalog, rules: rules) }
            let structure = measure { _ = WorkflowStructure.check(prompt) }
            print("""
                \(name), \(Int(duration)) s each on one core:
                  WorkflowValidator.validate   \(full.line(nodes: nodes))
                  WorkflowStructure.check      \(structure.line(nodes: nodes))  (reference: structural check alone)
                  validate / structure check   \(String(format: "%.2f", full.microseconds / structure.microseconds))x
                """)
        }
    }

    /// Builds the catalog as the validator does at start, and prints how long that took against
    /// Foundation's JSONDecoder reading the same document into `JSONValue` (the reference).
    private func parseCatalog(_ objectInfo: Data, engineVersion: String) throws -> NodeCatalog {
        let clock = ContinuousClock()
        var catalog: NodeCatalog?
        let parse = try clock.measure { catalog = try NodeCatalog(objectInfo: objectInfo, engineVersion: engineVersion) }
        let foundation = try clock.measure { _ = try JSONDecoder().decode(JSONValue.self, from: objectInfo) }
        print(String(format: "Catalog of %d KiB built in %.1f ms; JSONDecoder alone reads it in %.1f ms (%.2fx)",
                     objectInfo.count / 1024, parse.seconds * 1000, foundation.seconds * 1000,
                     foundation.seconds / parse.seconds))
        return catalog!
    }

    private func loadCatalog() async throws -> NodeCatalog {
        if let objectInfo {
            return try parseCatalog(try Data(contentsOf: URL(fileURLWithPath: objectInfo)), engineVersion: engineVersion)
        }
        let engine: ComfyUIEngine
        if let comfyuiURL {
            guard let url = URL(string: comfyuiURL) else { throw ValidationError("--comfyui-url is not a URL") }
            engine = try await ComfyUIEngine.attach(url)
        } else {
            print("Starting ComfyUI from \(KomfyPaths().comfyUI.path) (--cpu, ~30 s) to read its catalog ...")
            let root = FileManager.default.temporaryDirectory
                .appendingPathComponent("komfy-bench-validate-\(UUID().uuidString.prefix(8))")
            engine = try await ComfyUIEngine.start(.init(root: root))
        }
        defer { engine.stop() }
        return try parseCatalog(try await engine.objectInfo(), engineVersion: try await engine.version())
    }

    private func measure(_ body: () -> Void) -> OneCoreLoop.Measurement {
        OneCoreLoop(duration: duration).measure(body)
    }
}

extension OneCoreLoop.Measurement {
    fileprivate func line(nodes: Int) -> String {
        String(format: "%10.0f workflows/s  %9.2f µs per workflow  %7.3f µs per node",
               perSecond, microseconds, microseconds / Double(nodes))
    }
}
