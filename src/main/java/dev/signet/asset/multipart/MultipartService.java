package dev.signet.asset.multipart;

import dev.signet.access.TeamContext;
import dev.signet.asset.Asset;
import dev.signet.asset.AssetDtos.AssetSummary;
import dev.signet.asset.AssetState;
import dev.signet.asset.UploadLifecycle;
import dev.signet.asset.UploadPolicy;
import dev.signet.asset.multipart.MultipartDtos.CompleteMultipart;
import dev.signet.asset.multipart.MultipartDtos.CompletedPart;
import dev.signet.asset.multipart.MultipartDtos.CreateMultipartUpload;
import dev.signet.asset.multipart.MultipartDtos.MultipartTarget;
import dev.signet.asset.multipart.MultipartDtos.MultipartUploadResponse;
import dev.signet.asset.multipart.MultipartDtos.SignParts;
import dev.signet.asset.multipart.MultipartDtos.SignedPart;
import dev.signet.asset.multipart.MultipartDtos.SignedParts;
import dev.signet.asset.multipart.MultipartDtos.StoredParts;
import dev.signet.error.ApiException;
import dev.signet.error.ErrorCode;
import dev.signet.ops.SignetMetrics;
import dev.signet.storage.StorageService;
import dev.signet.storage.StorageService.PartToComplete;
import dev.signet.storage.StorageService.StoredPart;
import dev.signet.storage.StorageService.UploadUrl;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Multipart uploads on the asset lifecycle: start (asset row and S3 multipart upload), sign parts in batches, list
 * what storage holds (to resume), complete (checked like a confirm), and abort through delete or the sweeper. The
 * bytes never pass through Signet: each part goes straight to storage with a URL that signs its exact size (and,
 * when declared, its SHA-256). Storage's upload id lives on the asset row only: clients name the asset, and an
 * {@code upload_id} they send is only compared with the row's.
 */
@ApplicationScoped
public class MultipartService {

    private static final int MAX_ETAG_LENGTH = 1024;

    private final UploadLifecycle lifecycle;
    private final StorageService storage;
    private final UploadPolicy policy;
    private final SignetMetrics metrics;

    public MultipartService(
            UploadLifecycle lifecycle, StorageService storage, UploadPolicy policy, SignetMetrics metrics) {
        this.lifecycle = lifecycle;
        this.storage = storage;
        this.policy = policy;
        this.metrics = metrics;
    }

    /**
     * A pending asset and its multipart upload in storage (created first, so the row always names a real upload;
     * aborted again when the row cannot be written).
     */
    public Uni<MultipartUploadResponse> create(TeamContext team, CreateMultipartUpload request) {
        Asset asset = lifecycle.newUpload(
                team,
                request.type(),
                request.kind(),
                request.contentType(),
                request.fileName(),
                request.fileSize(),
                request.workflowId());
        PartPlan plan = plan(request.fileSize(), request.partSize());
        String key = asset.objectKey;
        asset.partSize = plan.partSize();
        asset.checksumAlgorithm = request.checksumAlgorithm();
        asset.uploadExpiresAt =
                Instant.now().plus(storage.config().multipartTtl()).truncatedTo(ChronoUnit.SECONDS);
        return storage.createMultipartUpload(key, asset.contentType, asset.checksumAlgorithm != null)
                .chain(uploadId -> {
                    asset.uploadId = uploadId;
                    return lifecycle
                            .createPending(asset)
                            .onFailure()
                            .call(() -> storage.abortMultipartUpload(key, uploadId)
                                    .onFailure()
                                    .recoverWithNull());
                })
                .map(ignored -> new MultipartUploadResponse(
                        AssetSummary.of(asset),
                        new MultipartTarget(
                                asset.uploadId,
                                plan.partSize(),
                                plan.partCount(),
                                asset.checksumAlgorithm,
                                asset.uploadExpiresAt)));
    }

    /**
     * How a new upload of {@code fileSize} bytes (required, within Signet's limit) is cut ({@link PartPlan#choose}).
     */
    private PartPlan plan(Long fileSize, Long requestedPartSize) {
        if (fileSize == null) {
            throw ApiException.invalidField("file_size", "is required for a multipart upload");
        }
        policy.requireSize("file_size", fileSize);
        return PartPlan.choose(fileSize, requestedPartSize);
    }

    /** Presigned PUTs for these parts, each for its exact size; never valid past the upload's own expiry. */
    public Uni<SignedParts> sign(TeamContext team, UUID id, SignParts request) {
        List<Integer> numbers = request.partNumbers();
        if (numbers.isEmpty() || numbers.size() > PartPlan.MAX_PARTS_PER_CALL) {
            throw ApiException.invalidField(
                    "part_numbers", "must list 1 to " + PartPlan.MAX_PARTS_PER_CALL + " part numbers");
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < numbers.size(); i++) {
            Integer number = numbers.get(i);
            if (number == null) {
                throw ApiException.invalidField("part_numbers[" + i + "]", "must be a part number");
            }
            if (!seen.add(number)) {
                throw ApiException.invalidField("part_numbers", "part " + number + " is listed twice");
            }
        }
        Map<String, String> checksums = request.checksumsSha256() == null ? Map.of() : request.checksumsSha256();
        checksums.forEach((part, checksum) -> {
            if (!seen.contains(parsePartNumber(part))) {
                throw ApiException.invalidField(
                        "checksums_sha256", "names part " + part + ", which part_numbers does not list");
            }
            UploadPolicy.requireSha256("checksums_sha256." + part, checksum);
        });
        return lifecycle.find(team, id).map(asset -> {
            PartPlan plan = open(asset, request.uploadId());
            Duration ttl = partUrlTtl(asset);
            for (int number : numbers) {
                requirePartNumber("part_numbers", number, plan);
            }
            if (asset.checksumAlgorithm == null && !checksums.isEmpty()) {
                throw ApiException.invalidField(
                        "checksums_sha256",
                        "this upload was started without " + "checksum_algorithm, so its parts carry no checksum");
            }
            List<SignedPart> parts = new ArrayList<>(numbers.size());
            for (int number : numbers) {
                String checksum = checksums.get(Integer.toString(number));
                if (asset.checksumAlgorithm != null && checksum == null) {
                    throw ApiException.invalidField(
                            "checksums_sha256",
                            "part " + number + " needs its SHA-256: the "
                                    + "upload was started with checksum_algorithm " + asset.checksumAlgorithm.wire());
                }
                long size = plan.sizeOf(number);
                UploadUrl url = storage.presignUploadPart(asset.objectKey, asset.uploadId, number, size, checksum, ttl);
                parts.add(new SignedPart(number, size, url.url(), url.headers(), url.expiresAt()));
            }
            return new SignedParts(asset.id, asset.uploadId, parts);
        });
    }

    /** The parts storage holds, so a client that stopped can send only the rest. */
    public Uni<StoredParts> list(TeamContext team, UUID id) {
        return lifecycle.find(team, id).chain(asset -> {
            PartPlan plan = open(asset, null);
            return storage.listParts(asset.objectKey, asset.uploadId)
                    .map(stored -> new StoredParts(
                            asset.id,
                            asset.uploadId,
                            plan.partSize(),
                            plan.partCount(),
                            asset.checksumAlgorithm,
                            asset.uploadExpiresAt,
                            stored.orElse(List.of()).stream()
                                    .map(p -> new MultipartDtos.StoredPart(p.partNumber(), p.etag(), p.size()))
                                    .toList()));
        });
    }

    /**
     * Completes the upload with every part in order. Before asking storage, the parts it holds are compared with the
     * list and the plan (each there, with that ETag and its exact size): a part that is not is a 409 and the asset
     * stays pending. Then storage completes the object, and it is checked as a confirm checks one (size, type, and
     * the composite SHA-256 where declared): ready, or failed and deleted. Completing a ready asset answers it as
     * it is; an upload storage completed already (a retry, a concurrent call) is settled from the object.
     */
    public Uni<AssetSummary> complete(TeamContext team, UUID id, CompleteMultipart request) {
        List<CompletedPart> parts = request.parts();
        requireShape(parts);
        return lifecycle
                .find(team, id)
                .chain(asset -> {
                    if (asset.uploadId == null) {
                        throw ErrorCode.NOT_MULTIPART.exception();
                    }
                    if (asset.state == AssetState.READY || asset.state == AssetState.SCANNING) {
                        return Uni.createFrom().item(AssetSummary.of(asset));
                    }
                    PartPlan plan = open(asset, request.uploadId(), false);
                    String expected = requireAgainstPlan(parts, plan, asset);
                    return storage.listParts(asset.objectKey, asset.uploadId).chain(stored -> {
                        if (stored.isEmpty()) {
                            return finish(team, asset, expected); // storage knows no such upload (any more)
                        }
                        String missing = missing(plan, parts, stored.get());
                        if (missing != null) {
                            // a concurrent or earlier completion leaves no parts but the object: settle from it
                            return storage.headWithChecksum(asset.objectKey)
                                    .chain(object -> object.isPresent()
                                            ? lifecycle.settle(team, asset, object.get(), expected)
                                            : Uni.createFrom()
                                                    .failure(ErrorCode.UPLOAD_INCOMPLETE.exception(missing, asset.id)));
                        }
                        List<PartToComplete> toComplete = new ArrayList<>(parts.size());
                        for (CompletedPart part : parts) {
                            toComplete.add(new PartToComplete(
                                    part.partNumber(),
                                    StorageService.unquotedEtag(part.etag()),
                                    part.checksumSha256()));
                        }
                        return storage.completeMultipartUpload(asset.objectKey, asset.uploadId, toComplete)
                                .onFailure(StorageService.Refused.class)
                                .transform(e -> ErrorCode.UPLOAD_INCOMPLETE.exception(
                                        "Storage refused to complete the upload (" + ((StorageService.Refused) e).code()
                                                + ").",
                                        asset.id))
                                .chain(() -> finish(team, asset, expected));
                    });
                })
                .invoke(() -> metrics.confirmed("ready"))
                .onFailure(ApiException.class)
                .invoke(e -> metrics.confirmed(((ApiException) e).code()));
    }

    /** After storage completed (or no longer knows) the upload: settle from the object, or fail a vanished upload. */
    private Uni<AssetSummary> finish(TeamContext team, Asset asset, String expectedSha256) {
        return storage.headWithChecksum(asset.objectKey)
                .chain(object -> object.map(found -> lifecycle.settle(team, asset, found, expectedSha256))
                        .orElseGet(() -> lifecycle
                                .failPending(asset)
                                .chain(() -> Uni.createFrom().failure(ErrorCode.UPLOAD_GONE.exception()))));
    }

    /** The plan of a multipart asset that may still be continued (pending; sign also needs time left). */
    private PartPlan open(Asset asset, String uploadId) {
        return open(asset, uploadId, true);
    }

    private PartPlan open(Asset asset, String uploadId, boolean needsTime) {
        if (asset.uploadId == null) {
            throw ErrorCode.NOT_MULTIPART.exception();
        }
        if (asset.state != AssetState.PENDING_UPLOAD) {
            throw ErrorCode.UPLOAD_NOT_PENDING.exception(asset.state);
        }
        if (uploadId != null && !uploadId.equals(asset.uploadId)) {
            throw ApiException.invalidField("upload_id", "is not the upload of this asset");
        }
        if (needsTime && !asset.uploadExpiresAt.isAfter(Instant.now().plus(StorageService.MIN_TTL))) {
            throw ErrorCode.MULTIPART_EXPIRED.exception(asset.uploadExpiresAt);
        }
        return PartPlan.of(asset.declaredSize, asset.partSize);
    }

    /** Part URLs live {@code upload-url-ttl}, and never past the upload's own expiry. */
    private Duration partUrlTtl(Asset asset) {
        Duration left = Duration.between(Instant.now(), asset.uploadExpiresAt).truncatedTo(ChronoUnit.SECONDS);
        Duration ttl = storage.config().uploadUrlTtl();
        if (left.compareTo(StorageService.MIN_TTL) < 0) {
            // open() saw more than a second left, but the clock moved on: the upload ran out meanwhile
            throw ErrorCode.MULTIPART_EXPIRED.exception(asset.uploadExpiresAt);
        }
        return left.compareTo(ttl) < 0 ? left : ttl;
    }

    private static void requirePartNumber(String field, int number, PartPlan plan) {
        if (number < 1 || number > plan.partCount()) {
            throw ApiException.invalidField(
                    field, "part " + number + " is not a part of this upload: its parts are 1 to " + plan.partCount());
        }
    }

    private static int parsePartNumber(String part) {
        try {
            if (part.length() <= 5) {
                return Integer.parseInt(part);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.invalidField("checksums_sha256", "keys must be part numbers");
    }

    /** What can be checked without the asset: every entry complete, ascending, each part once. */
    private static void requireShape(List<CompletedPart> parts) {
        if (parts.isEmpty()) {
            throw ApiException.invalidField("parts", "must list every part of the upload");
        }
        if (parts.size() > PartPlan.MAX_PARTS) {
            throw ApiException.invalidField("parts", "an upload has at most " + PartPlan.MAX_PARTS + " parts");
        }
        int previous = 0;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            CompletedPart part = parts.get(i);
            String at = "parts[" + i + "]";
            if (part == null) {
                throw ApiException.invalidField(at, "must be a part");
            }
            if (part.partNumber() == null) {
                throw ApiException.invalidField(at + ".part_number", "is required");
            }
            if (part.etag() == null || part.etag().isBlank()) {
                throw ApiException.invalidField(at + ".etag", "is required");
            }
            if (part.etag().length() > MAX_ETAG_LENGTH || !part.etag().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw ApiException.invalidField(at + ".etag", "is not an ETag storage answered");
            }
            UploadPolicy.requireSha256(at + ".checksum_sha256", part.checksumSha256());
            if (!seen.add(part.partNumber())) {
                throw ApiException.invalidField("parts", "part " + part.partNumber() + " is listed twice");
            }
            if (part.partNumber() <= previous) {
                throw ApiException.invalidField(
                        "parts",
                        "must be in ascending order of part_number (part " + part.partNumber() + " follows part "
                                + previous + ")");
            }
            previous = part.partNumber();
        }
    }

    /**
     * The list against the upload: exactly parts 1 to part_count, with checksums exactly when the upload declares
     * them. Returns the composite SHA-256 the object must report, or null.
     */
    private static String requireAgainstPlan(List<CompletedPart> parts, PartPlan plan, Asset asset) {
        for (CompletedPart part : parts) {
            requirePartNumber("parts", part.partNumber(), plan);
        }
        if (parts.size() != plan.partCount()) {
            int missing = 1;
            for (CompletedPart part : parts) {
                if (part.partNumber() != missing) {
                    break;
                }
                missing++;
            }
            throw ApiException.invalidField(
                    "parts",
                    "part " + missing + " is missing: this upload has " + plan.partCount()
                            + " parts, and completing lists them all");
        }
        if (asset.checksumAlgorithm == null) {
            for (CompletedPart part : parts) {
                if (part.checksumSha256() != null) {
                    throw ApiException.invalidField(
                            "parts",
                            "part " + part.partNumber() + " carries a checksum, but "
                                    + "this upload was started without checksum_algorithm");
                }
            }
            return null;
        }
        MessageDigest composite = sha256();
        for (CompletedPart part : parts) {
            if (part.checksumSha256() == null) {
                throw ApiException.invalidField(
                        "parts",
                        "part " + part.partNumber() + " needs its checksum_sha256: "
                                + "the upload was started with checksum_algorithm " + asset.checksumAlgorithm.wire());
            }
            composite.update(Base64.getDecoder().decode(part.checksumSha256()));
        }
        return Base64.getEncoder().encodeToString(composite.digest()) + "-" + parts.size();
    }

    /** Why storage's parts do not make the listed upload (the first part that is missing or differs), or null. */
    private static String missing(PartPlan plan, List<CompletedPart> parts, List<StoredPart> stored) {
        Map<Integer, StoredPart> byNumber = new HashMap<>();
        for (StoredPart part : stored) {
            byNumber.put(part.partNumber(), part);
        }
        for (CompletedPart part : parts) {
            int number = part.partNumber();
            StoredPart held = byNumber.get(number);
            if (held == null) {
                return "Part " + number + " of " + plan.partCount() + " is not in storage.";
            }
            if (held.etag() == null || !held.etag().equals(StorageService.unquotedEtag(part.etag()))) {
                return "Part " + number + " in storage has the ETag " + held.etag() + ", not "
                        + StorageService.unquotedEtag(part.etag()) + ".";
            }
            if (held.size() != plan.sizeOf(number)) {
                return "Part " + number + " in storage has " + held.size() + " bytes, not " + plan.sizeOf(number) + ".";
            }
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
