package dev.signet.localstack;

/**
 * Entry point of the S3Proxy child JVM: runs S3Proxy, and exits when the parent's end of stdin closes,
 * so a killed dev or test JVM never leaves an S3Proxy holding its port.
 */
public final class S3ProxyWatchdog {

    private S3ProxyWatchdog() {}

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // parent still there
                        }
                    } catch (java.io.IOException ignored) {
                        // parent gone
                    }
                    Runtime.getRuntime().halt(0);
                },
                "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
