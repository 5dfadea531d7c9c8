package dev.signet.ops;

import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps credentials out of every log line, Signet's and its libraries': bearer tokens, JWTs, {@code sk-}/
 * {@code dk-}/{@code vk-}/{@code uk-} API keys (and the key segment of Uppy's {@code /api/v1/uppy/{key}/s3} routes), download links' {@code lk_} tokens (e.g. in an access log's path) and the query strings of
 * presigned URLs are replaced by {@code [REDACTED]} before a
 * handler formats the record. Installed on the console (and, in tests, the file) handler.
 */
@LoggingFilter(name = "signet-scrub")
public final class LogScrubber implements Filter {

    private static final String REDACTED = "[REDACTED]";
    /** Cheap pre-check: a line without any of these needs no regular expression. */
    private static final List<String> MARKERS =
            List.of("earer", "sk-", "dk-", "vk-", "uk-", "/uppy/", "lk_", "eyJ", "X-Amz-", "x-amz-");

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"), "$1" + REDACTED),
            // the credential segment of Uppy's routes (issue 23), whatever it holds: an upload key, or a mistake
            new Rule(Pattern.compile("(/api/v1/uppy/)(?!s3(?:[/?\\s\"]|$))([^/?\\s\"]{2})[^/?\\s\"]*"), "$1$2-***"),
            new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), REDACTED),
            new Rule(Pattern.compile("\\b([sdvu]k-)[A-Za-z0-9_-]{16,}"), "$1" + REDACTED),
            new Rule(Pattern.compile("\\b(lk_)[A-Za-z0-9_-]{16,}"), "$1" + REDACTED),
            // a presigned URL's whole query string: signature, credential scope, token and signed headers
            new Rule(Pattern.compile("\\?([^\\s\"'<>]*(?i:x-amz-)[^\\s\"'<>]*)"), "?" + REDACTED));

    private record Rule(Pattern pattern, String replacement) {}

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String scrubbed = scrub(message);
        if (scrubbed != message) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(scrubbed, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(scrubbed);
            }
            record.setParameters(null);
        }
        return true;
    }

    /** The text with every credential replaced; the same instance when there was nothing to replace. */
    public static String scrub(String text) {
        if (text == null || MARKERS.stream().noneMatch(text::contains)) {
            return text;
        }
        String result = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(rule.replacement());
            }
        }
        return result.equals(text) ? text : result;
    }
}
