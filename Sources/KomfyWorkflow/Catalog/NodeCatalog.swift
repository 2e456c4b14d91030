import Crypto
import Foundation
import KomfyEvents

/// The node classes of one engine build, read from its `/object_info`: what the validator checks
/// prompts against.
///
/// Engines publish their catalog to `komfy.node-catalog` keyed by `fingerprint`, so the validator
/// holds one catalog per build rather than one per engine.
public struct NodeCatalog: Sendable {
    /// The engine's ComfyUI version, as `/system_stats` reports it.
    public let engineVersion: String
    /// `comfyui-<version>-<first 16 hex of the sha256 of the canonical definitions>`. Model-file and
    /// input-file choice lists (which depend on what files an engine has on disk) are left out of the
    /// hash, so two engines of one build with different model folders share a fingerprint.
    public let fingerprint: String
    private let definitions: [String: NodeDefinition]
    private let sortedClassTypes: [String]
    /// Every type some node outputs. A plain value given to an input of one of these types is a
    /// mistake (it can only come from a link); inputs of other types may be widgets the frontend
    /// fills with a value (`Load3D`'s `image`).
    let linkTypes: Set<String>

    /// Parses ComfyUI's `/object_info` JSON. Throws `NodeCatalogError` (with a message that says
    /// what is wrong) on a body that is not an object_info.
    public init(objectInfo: Data, engineVersion: String) throws {
        let document: JSONValue
        do {
            document = try JSONValue.parse(objectInfo)
        } catch {
            let start = String(decoding: objectInfo.prefix(40), as: UTF8.self)
            throw NodeCatalogError("object_info is not JSON (\(objectInfo.count) bytes starting \(MessageText.json(.string(start))))")
        }
        let parsed = try ObjectInfoParser.parse(document)
        self.engineVersion = engineVersion
        let digest = SHA256.hash(data: Data(CanonicalJSON.text(parsed.canonical).utf8))
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        fingerprint = "comfyui-\(engineVersion)-\(hex.prefix(16))"
        var definitions: [String: NodeDefinition] = [:]
        var linkTypes = Set<String>()
        for definition in parsed.definitions {
            definitions[definition.name] = definition
            for output in definition.outputs where !Self.valueTypes.contains(output.type) { linkTypes.insert(output.type) }
        }
        self.definitions = definitions
        self.linkTypes = linkTypes
        sortedClassTypes = definitions.keys.sorted()
    }

    public func definition(of classType: String) -> NodeDefinition? {
        definitions[classType]
    }

    /// Every class type, sorted.
    public var classTypes: [String] { sortedClassTypes }

    /// Types a node can output that also have widgets: a plain value for them is fine.
    private static let valueTypes: Set<String> = ["INT", "FLOAT", "STRING", "BOOLEAN", "COMBO", "*"]
}
