package dev.certpilot.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import dev.certpilot.dns.internal.Digests;
import dev.certpilot.dns.internal.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link SigV4Signer} against the vectors AWS publishes with Signature Version 4:
 * <ul>
 *   <li>the Signature Version 4 test suite (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html,
 *       credential scope {@code AKIDEXAMPLE/20150830/us-east-1/service/aws4_request}, secret
 *       {@code wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}): get-vanilla, post-vanilla,
 *       get-vanilla-query-order-key-case, get-unreserved, get-utf8 and their {@code .creq}, {@code .sts} and
 *       {@code .authz} files;</li>
 *   <li>the signing key derivation example (https://docs.aws.amazon.com/general/latest/gr/signature-v4-examples.html:
 *       date 20120215, us-east-1, iam);</li>
 *   <li>the IAM {@code ListUsers} walk-through of "Create a signed AWS API request"
 *       (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-signed-request.html).</li>
 * </ul>
 */
class SigV4SignerTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static SigV4Signer signer(String region, String service) {
        return new SigV4Signer("AKIDEXAMPLE", Secret.of(SECRET, "secret"), null, region, service,
                Clock.fixed(SUITE_TIME, ZoneOffset.UTC));
    }

    @Test
    void derivesTheDocumentedSigningKey() {
        assertThat(Digests.hex(SigV4Signer.signingKey(SECRET, "20120215", "us-east-1", "iam")))
                .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    @Test
    void getVanillaGivesTheSuitesCanonicalRequestStringToSignAndAuthorization() {
        SigV4Signer.Signed s = signer("us-east-1", "service").sign("GET", URI.create("https://example.amazonaws.com/"),
                Map.of(), new byte[0], SUITE_TIME);

        assertThat(s.canonicalRequest()).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + EMPTY_SHA256);
        assertThat(s.stringToSign()).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                + "20150830/us-east-1/service/aws4_request\n"
                + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
        assertThat(s.headers()).containsEntry("X-Amz-Date", "20150830T123600Z").containsEntry("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "get-vanilla, GET, https://example.amazonaws.com/, "
                + "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "post-vanilla, POST, https://example.amazonaws.com/, "
                + "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
        "get-vanilla-query-order-key-case, GET, https://example.amazonaws.com/?Param2=value2&Param1=value1, "
                + "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "get-unreserved, GET, https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz, "
                + "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
        "get-utf8, GET, https://example.amazonaws.com/%E1%88%B4, "
                + "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
    })
    void signsTheTestSuiteRequests(String name, String method, String uri, String signature) {
        SigV4Signer.Signed s = signer("us-east-1", "service").sign(method, URI.create(uri), Map.of(), new byte[0],
                SUITE_TIME);
        assertThat(s.signature()).as(name).isEqualTo(signature);
    }

    @Test
    void queryParametersAreSortedInTheCanonicalRequest() {
        SigV4Signer.Signed s = signer("us-east-1", "service").sign("GET",
                URI.create("https://example.amazonaws.com/?Param2=value2&Param1=value1"), Map.of(), new byte[0],
                SUITE_TIME);
        assertThat(s.canonicalRequest().split("\n")[2]).isEqualTo("Param1=value1&Param2=value2");
        assertThat(s.stringToSign()).endsWith("816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
    }

    @Test
    void signsTheIamListUsersExampleWithItsContentTypeHeader() {
        SigV4Signer.Signed s = signer("us-east-1", "iam").sign("GET",
                URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), new byte[0], SUITE_TIME);

        assertThat(Digests.sha256Hex(s.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        assertThat(s.signature()).isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
        assertThat(s.headers().get("Authorization")).contains("SignedHeaders=content-type;host;x-amz-date");
    }

    @Test
    void aSessionTokenIsSentAndSigned() {
        SigV4Signer signer = new SigV4Signer("AKIDEXAMPLE", Secret.of(SECRET, "secret"),
                Secret.of("session-token-value", "token"), "us-east-1", "route53",
                Clock.fixed(SUITE_TIME, ZoneOffset.UTC));
        Map<String, String> headers = signer.headers("GET", URI.create("https://route53.amazonaws.com/2013-04-01/change/C1"),
                new byte[0]);
        assertThat(headers).containsEntry("X-Amz-Security-Token", "session-token-value");
        assertThat(headers.get("Authorization")).contains("SignedHeaders=host;x-amz-date;x-amz-security-token");
    }

    @Test
    void theHostHeaderCarriesAnExplicitPort() {
        SigV4Signer.Signed s = signer("us-east-1", "route53").sign("GET",
                URI.create("http://127.0.0.1:8443/2013-04-01/change/C1"), Map.of(), new byte[0], SUITE_TIME);
        assertThat(s.canonicalRequest()).contains("\nhost:127.0.0.1:8443\n");
        assertThat(signer("us-east-1", "route53").toString()).doesNotContain(SECRET);
    }
}
