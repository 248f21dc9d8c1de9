package dev.certpilot.testca;

import java.lang.reflect.Constructor;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that starts a {@link TestCa}, injects it into parameters of type {@link TestCa},
 * {@link AcmeTestEnvironment}, {@link TestDnsServer} or {@link TestDnsControl}, and closes it when its scope ends.
 *
 * <p>Use it through {@link WithTestCa}, or register it to configure the builder:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestCaExtension CA = TestCaExtension.perClass().customize(b -> b.rateLimits(RateLimits.letsEncrypt()));
 *
 * @Test
 * void test() { URI directory = CA.get().directoryUrl(); }
 * }</pre>
 *
 * <p>The CA lives in the JUnit store of the class (per class) or of the test method (per test), so it is closed by
 * JUnit even when a test fails. Register {@link #perClass()} on a {@code static} field: JUnit creates a new
 * extension instance with every test instance when the field is not static. Requires JUnit Jupiter on the test class path ({@code junit-jupiter-api} is an
 * optional dependency of this module).
 */
public final class TestCaExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private final Boolean perTest;
    private Consumer<TestCa.Builder> customizer = b -> { };
    private volatile TestCa current;

    /** Used by {@link WithTestCa}: scope and customizer come from the annotation. */
    public TestCaExtension() {
        this.perTest = null;
    }

    private TestCaExtension(boolean perTest) {
        this.perTest = perTest;
    }

    /** One CA for all tests of the class. */
    public static TestCaExtension perClass() {
        return new TestCaExtension(false);
    }

    /** A fresh CA for every test method. */
    public static TestCaExtension perTest() {
        return new TestCaExtension(true);
    }

    /** Adjusts the builder before each CA starts (may be called several times; applied in order). */
    public TestCaExtension customize(Consumer<TestCa.Builder> adjust) {
        Objects.requireNonNull(adjust, "adjust");
        Consumer<TestCa.Builder> before = customizer;
        customizer = b -> {
            before.accept(b);
            adjust.accept(b);
        };
        return this;
    }

    /**
     * The CA of the running test (per class: of the class).
     *
     * @throws IllegalStateException outside a test using this extension
     */
    public TestCa get() {
        TestCa ca = current;
        if (ca == null) {
            throw new IllegalStateException("no TestCa is running: get() is available inside tests only");
        }
        return ca;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest(context)) {
            current = ca(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = ca(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestCa.class || type == AcmeTestEnvironment.class || type == TestDnsServer.class
                || type == TestDnsControl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestCa ca = ca(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == TestDnsServer.class || type == TestDnsControl.class) {
            return ca.dnsServer().orElseThrow(() -> new ParameterResolutionException(
                    "this TestCa uses an external DNS resolver and has no TestDnsServer"));
        }
        return ca;
    }

    private TestCa ca(ExtensionContext context) {
        boolean method = perTest(context) && context.getTestMethod().isPresent();
        ExtensionContext owner = method ? context : classContext(context);
        ExtensionContext.Store store = owner.getStore(ExtensionContext.Namespace.create(TestCaExtension.class, this));
        // stores see their parents' values: key by the owning context so a per-test CA never finds the class's
        return store.getOrComputeIfAbsent(owner.getUniqueId(), k -> new Running(start(context)), Running.class).ca;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private boolean perTest(ExtensionContext context) {
        if (perTest != null) {
            return perTest;
        }
        return annotation(context).map(WithTestCa::perTest).orElse(false);
    }

    private static Optional<WithTestCa> annotation(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, WithTestCa.class));
    }

    private TestCa start(ExtensionContext context) {
        TestCa.Builder builder = TestCa.builder();
        annotation(context).ifPresent(a -> instantiate(a.customizer()).accept(builder));
        customizer.accept(builder);
        return builder.start();
    }

    private static Consumer<TestCa.Builder> instantiate(Class<? extends Consumer<TestCa.Builder>> type) {
        try {
            Constructor<? extends Consumer<TestCa.Builder>> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ExtensionConfigurationException("cannot create customizer " + type.getName()
                    + ": it needs a no-argument constructor", e);
        }
    }

    /** Store entry that closes the CA when JUnit closes the store. */
    @SuppressWarnings("deprecation")
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final TestCa ca;

        Running(TestCa ca) {
            this.ca = ca;
        }

        @Override
        public void close() {
            ca.close();
        }
    }
}
