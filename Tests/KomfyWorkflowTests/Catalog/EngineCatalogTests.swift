import Foundation
@testable import KomfyEvents
import KomfyTestSupport
import Testing

/// The real engine's catalog, captured at test time (the fixture every catalog test reads).
@Suite struct EngineCatalogTests {
    @Test func theInstalledEngineServesItsNodeCatalog() async throws {
        let objectInfo = try await TestEngine.objectInfo()
        let catalog = try #require(try JSONSerialization.jsonObject(with: objectInfo) as? [String: Any])
        let sampler = try #require(catalog["KSampler"] as? [String: Any])
        let required = try #require((sampler["input"] as? [String: Any])?["required"] as? [String: Any])
        #expect(required["sampler_name"] != nil)
        #expect(catalog.count > 300, "the engine install should bring its core and comfy_extras nodes")
        let version = try await TestEngine.version()
        #expect(!version.isEmpty && version != "unknown")
    }

    /// The validator builds its catalog from this document at start. JSONValue.parse falls back to
    /// JSONDecoder for what the byte-level reader leaves to it, which reads /object_info ~3x slower
    /// (`komfy bench validate`), and under swift-testing, which records a backtrace per thrown
    /// error, for seconds on one of the cooperative pool's threads.
    @Test func theByteLevelReaderReadsTheWholeCatalogItself() async throws {
        let objectInfo = try await TestEngine.objectInfo()
        func readFast(_ document: Data) throws -> JSONValue {
            try document.withUnsafeBytes { bytes in
                var reader = JSONReader(bytes)
                return try reader.readJSONValue()
            }
        }
        let served = try readFast(objectInfo)
        // As tests that edit the catalog, and anything else that re-encodes it, write it back.
        let reencoded = try readFast(try JSONEncoder().encode(served))
        #expect(reencoded == served)
        // (JSONValueParseTests checks the reader's numbers against JSONDecoder's; running JSONDecoder
        // on the whole catalog here would cost the seconds this test is about.)
    }
}
