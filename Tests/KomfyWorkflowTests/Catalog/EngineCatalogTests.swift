import Foundation
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
}
