// libFuzzer target: the strict JSON parser every input file goes through. It never crashes;
// what it accepts, written back and parsed again, is the same value.
import NotesCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let value = try? JSONParser.parse(bytes: bytes) else { return 0 }
    let again = try? JSONParser.parse(JSONWriter.string(value))
    precondition(again.map { JSONWriter.string($0) } == JSONWriter.string(value), "round trip changed \(JSONWriter.string(value))")
    return 0
}
