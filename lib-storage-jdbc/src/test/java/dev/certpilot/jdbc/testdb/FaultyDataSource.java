package dev.certpilot.jdbc.testdb;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections fail at the N-th call that talks to the database (a statement execution or
 * {@code commit}). The fault either throws (as a driver does on any error) or kills the connection first (as a
 * dropped network connection or a restarted server would) and then throws. Counts connections still open.
 */
public final class FaultyDataSource implements DataSource {

    /** What happens at the failing call. */
    public enum Fault {
        /** The call throws; the connection stays usable. */
        THROW,
        /** The connection is killed (server side where the database allows it), then the call throws. */
        KILL
    }

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeBatch", "executeLargeUpdate", "executeLargeBatch", "commit");

    private final DataSource delegate;
    private final ConnectionKiller killer;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile int failAt = Integer.MAX_VALUE;
    private volatile Fault fault = Fault.THROW;

    /** Kills a connection the way its database allows. */
    @FunctionalInterface
    public interface ConnectionKiller {
        /** Kills the connection so that it can no longer be used. */
        void kill(Connection connection) throws SQLException;
    }

    /** Faulty connections from {@code delegate}, killed by {@code killer}. */
    public FaultyDataSource(DataSource delegate, ConnectionKiller killer) {
        this.delegate = delegate;
        this.killer = killer;
    }

    /** Arms the fault at the {@code n}-th call from now (1 = the next one). */
    public void failAt(int n, Fault fault) {
        this.fault = fault;
        calls.set(0);
        this.failAt = n;
    }

    /** Disarms the fault. */
    public void heal() {
        failAt = Integer.MAX_VALUE;
    }

    /** Whether the armed fault has fired since {@link #failAt}. */
    public boolean fired() {
        return calls.get() >= failAt;
    }

    /** Connections handed out and not yet closed. */
    public int openConnections() {
        return open.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = delegate.getConnection();
        open.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                new Handler(real, real));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("not supported by the test data source");
    }

    private final class Handler implements InvocationHandler {
        private final Object target;
        private final Connection connection;

        Handler(Object target, Connection connection) {
            this.target = target;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (target == connection && name.equals("close")) {
                open.decrementAndGet();
            }
            if (EXECUTIONS.contains(name) && calls.incrementAndGet() == failAt) {
                if (fault == Fault.KILL) {
                    killer.kill(connection);
                }
                throw new SQLException("injected fault at call " + failAt + " (" + name + ")", "08006");
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof PreparedStatement || result instanceof Statement) {
                Class<?> type = result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                        new Handler(result, connection));
            }
            return result;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
