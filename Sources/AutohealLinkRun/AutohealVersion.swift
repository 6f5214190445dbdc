/// The version `autoheal --version` prints (both executables answer it; `autoheal` without handing over).
public enum AutohealVersion {
    public static let current = "0.1.0"
}
