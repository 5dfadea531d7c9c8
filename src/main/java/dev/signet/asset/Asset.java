package dev.signet.asset;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Formula;

/** One stored (or expected) object and what Signet knows about it. */
@Entity
@Table(name = "assets")
public class Asset {

    @Id
    public UUID id;

    public UUID teamId;
    public String createdBy;
    public String type;
    public AssetKind kind;
    public AssetState state;
    public String objectKey;
    public String fileName;
    public String contentType;
    /** The size the client announced, enforced by the signed Content-Length when present. */
    public Long declaredSize;
    /** The size storage reported at confirmation. */
    public Long sizeBytes;
    /** The ETag storage reported when the asset became ready. */
    public String etag;
    /**
     * Base64 SHA-256 of the bytes: the one the client declared (signed into its URL), then the one storage reports
     * (for a multipart upload the composite {@code <base64>-<parts>}).
     */
    public String checksumSha256;
    /** Storage's id of the multipart upload (null: a single PUT); created by Signet, never taken from a client. */
    public String uploadId;
    /** The size of every part but the last (null: a single PUT). */
    public Long partSize;
    /** Set when every part of the multipart upload declares its SHA-256. */
    public ChecksumAlgorithm checksumAlgorithm;

    public BigDecimal durationSeconds;
    /**
     * What workers wrote back ({@code metadata}, a JSON object), as JSON text; read-only here: written by
     * {@link AssetRepository#writeBack} only.
     */
    @Formula("metadata::text")
    public String metadata;

    public UUID workflowId;
    public Instant uploadExpiresAt;
    /**
     * When the arrival watch next looks for the object of this pending upload ({@link ArrivalWatcher}: it settles on
     * arrival, no confirm comes); null: not watched.
     */
    public Instant arrivalCheckAt;

    // the scanning gate (issue 21)
    /** When the asset went to {@code scanning}: its scan is overdue {@code signet.scanning.timeout} later. */
    public Instant scanningSince;
    /** When its unanswered scan was reported ({@code asset.scan_overdue}, once). */
    public Instant scanOverdueAt;
    /** The scanner's verdict: {@code clean} or {@code infected}. */
    public String scanVerdict;
    /** What the scanner said of it (e.g. the signature found). */
    public String scanDetail;

    public Instant createdAt;
    public Instant updatedAt;
}
