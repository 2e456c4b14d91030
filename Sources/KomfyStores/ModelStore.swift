import Foundation

/// The content-addressed model store (DESIGN.md section 7): `blobs/sha256/<hex>` plus per-folder
/// names ComfyUI loads. Filled by the model-fetcher issue.
public struct ModelStore: Sendable {
    public var root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Where a model with this content hash lives.
    public func blobPath(sha256: String) -> URL {
        root.appendingPathComponent("blobs/sha256/\(sha256)")
    }
}
