import Foundation
import Testing

@testable import KomfyEvents

@Suite("UUID.lowercasedString: Foundation's text form, lowercase, without snprintf")
struct UUIDLowercaseStringTests {
    @Test("equals uuidString.lowercased() for random ids and for the edge values")
    func equalsFoundation() {
        let edges = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                     UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
                     EventID.namespace]
        for id in edges + (0..<2000).map({ _ in UUID() }) {
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
    }

    @Test("appended into JSON bytes after what is there, and read back as the same UUID")
    func appends() {
        let id = UUID()
        var bytes = Array("id=".utf8)
        id.appendLowercase(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "id=" + id.uuidString.lowercased())
        #expect(UUID(uuidString: String(decoding: bytes.dropFirst(3), as: UTF8.self)) == id)
    }
}
