/// The entry point the `autoheal` executable calls.
public enum AutohealMain {
    public static func run() {}
}
