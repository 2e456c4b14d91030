/// API keys, tenants, plans and limits: pure logic, no I/O. The ingest service reads the key events
/// from `komfy.api-keys` and asks this module who a request is and what it may do.
public enum KomfyAccess {}
