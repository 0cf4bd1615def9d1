package org.panjereh.documents.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.panjereh.documents.DocumentException;

/**
 * PAdES B-T: an RFC 3161 time stamp over the signature value, from a time-stamp authority, added to the signer as
 * the unsigned attribute signature-time-stamp (ETSI EN 319 142-1 §5.3), so the signing time no longer rests on the
 * signer's word.
 */
public final class TimeStamps {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TimeStamps() {
    }

    static CMSSignedData addSignatureTimeStamp(CMSSignedData signed, URI tsa) throws IOException {
        SignerInformation si = signed.getSignerInfos().getSigners().iterator().next();
        TimeStampToken token = request(tsa, si.getSignature());
        AttributeTable unsigned = new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(token.toCMSSignedData().toASN1Structure())));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(si, unsigned);
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(List.of(stamped)));
    }

    /**
     * @param tsa       the authority's URL
     * @param signature the bytes to stamp (the signature value)
     * @return the authority's token, its imprint and nonce checked
     */
    static TimeStampToken request(URI tsa, byte[] signature) {
        TimeStampRequest req;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(signature);
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(true);
            req = g.generate(TSPAlgorithms.SHA256, digest, new BigInteger(64, RANDOM));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = HTTP.send(HttpRequest.newBuilder(tsa).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(req.getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DocumentException(DocumentException.Reason.TIME_STAMP_UNAVAILABLE,
                    "The time-stamp authority " + tsa + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocumentException(DocumentException.Reason.TIME_STAMP_UNAVAILABLE,
                    "Interrupted while asking the time-stamp authority", e);
        }
        int status = answer.statusCode();
        if (status >= 500 || status == 429) {
            throw new DocumentException(DocumentException.Reason.TIME_STAMP_UNAVAILABLE,
                    "The time-stamp authority " + tsa + " answered " + status, null);
        }
        if (status != 200) {
            throw new DocumentException(DocumentException.Reason.TIME_STAMP_INVALID,
                    "The time-stamp authority " + tsa + " answered " + status, null);
        }
        try {
            TimeStampResponse resp = new TimeStampResponse(answer.body());
            resp.validate(req);
            if (resp.getTimeStampToken() == null) {
                throw new DocumentException(DocumentException.Reason.TIME_STAMP_INVALID,
                        "The time-stamp authority granted no token: " + resp.getStatusString(), null);
            }
            return resp.getTimeStampToken();
        } catch (TSPException | IOException | IllegalArgumentException e) {
            throw new DocumentException(DocumentException.Reason.TIME_STAMP_INVALID,
                    "The time-stamp authority's answer is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a signer's signature time stamp, if it has one.
     *
     * @param si the signer
     * @return the stamped time, or {@code null} when there is no time stamp
     * @throws IOException if there is one and it does not verify or is not over this signature
     */
    public static java.time.Instant verify(SignerInformation si) throws IOException {
        AttributeTable unsigned = si.getUnsignedAttributes();
        Attribute a = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (a == null) {
            return null;
        }
        try {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(a.getAttrValues().getObjectAt(0).toASN1Primitive()
                    .getEncoded()));
            @SuppressWarnings("unchecked")
            java.util.Collection<org.bouncycastle.cert.X509CertificateHolder> certs = token.getCertificates()
                    .getMatches(token.getSID());
            if (certs.isEmpty()) {
                throw new IOException("The time stamp carries no certificate of its authority");
            }
            token.validate(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder().build(certs.iterator().next()));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(si.getSignature());
            if (!MessageDigest.isEqual(digest, token.getTimeStampInfo().getMessageImprintDigest())) {
                throw new IOException("The time stamp is not over this signature");
            }
            return token.getTimeStampInfo().getGenTime().toInstant();
        } catch (TSPException | org.bouncycastle.cms.CMSException | org.bouncycastle.operator.OperatorCreationException
                 | java.security.cert.CertificateException | java.security.NoSuchAlgorithmException e) {
            throw new IOException("The signature's time stamp does not verify: " + e.getMessage(), e);
        }
    }
}
