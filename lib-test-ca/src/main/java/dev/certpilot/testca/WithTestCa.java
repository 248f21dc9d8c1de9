package dev.certpilot.testca;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a {@link TestCa} for a JUnit 5 test class and injects it into parameters of type {@link TestCa},
 * {@link AcmeTestEnvironment}, {@link TestDnsServer} or {@link TestDnsControl} (constructor, lifecycle and test
 * methods).
 *
 * <pre>{@code
 * @WithTestCa
 * class MyTest {
 *     @Test
 *     void issues(TestCa ca) { ... }
 * }
 * }</pre>
 *
 * <p>One CA per class by default, closed after the class; {@code perTest = true} starts a fresh CA for every test
 * method. Every CA binds free loopback ports, so test classes may run in parallel. For builder settings, name a
 * {@link #customizer()} class or register {@link TestCaExtension} with {@code @RegisterExtension} instead.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TestCaExtension.class)
public @interface WithTestCa {

    /** Whether every test method gets its own CA (default: one per class). */
    boolean perTest() default false;

    /**
     * A class with a public no-argument constructor that adjusts the builder before the CA starts, e.g.
     * {@code class Slow implements Consumer<TestCa.Builder> { public void accept(TestCa.Builder b) { b.pebbleLike(); } }}.
     */
    Class<? extends Consumer<TestCa.Builder>> customizer() default NoCustomizer.class;

    /** The default {@link #customizer()}: leaves the builder as it is. */
    final class NoCustomizer implements Consumer<TestCa.Builder> {
        /** Creates the no-op customizer. */
        public NoCustomizer() {
        }

        @Override
        public void accept(TestCa.Builder builder) {
            // test defaults
        }
    }
}
