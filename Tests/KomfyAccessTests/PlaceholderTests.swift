import Testing
@testable import KomfyAccess

@Suite("KomfyAccess") struct PlaceholderTests {}
