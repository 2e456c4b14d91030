import Testing
@testable import KomfyWorkflow

@Suite("KomfyWorkflow") struct PlaceholderTests {}
