/// A document that is not a ComfyUI `/object_info`: the message says what was expected and where
/// the document differs, so an operator can tell a wrong URL from a broken engine.
public struct NodeCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
