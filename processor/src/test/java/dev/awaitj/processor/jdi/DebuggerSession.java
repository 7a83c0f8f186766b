package dev.awaitj.processor.jdi;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.ArrayReference;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ClassType;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import dev.awaitj.testing.Stages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs one build of a corpus in a debuggee JVM under the JDK's debugger interface (JDI, what IDE
 * debuggers use), stops at every line of every copy of each async method, and records what the
 * debugger shows there: each visible variable's value.
 *
 * <p>Each stop is keyed by (class, source method, line, how many times that line was entered):
 * the original method and its {@code $async} resume copy share the source method's name, and
 * consecutive stops on the same line of the same source method count as one entry of the line
 * (the resume copy continues a line the entry copy began). The corpus keeps one statement per
 * line, so in the blocking build each key is one execution of one statement.
 *
 * <p>A rewritten method also stops where it resumes, in the middle of the await's line (the resume
 * copy's line for the await starts after the restores). Its twin in the blocking build is the
 * moment {@link BlockingAwait} returns from the same await ({@link BlockingAwait#returning()},
 * where the session reads the awaiting method's frame). Both are keyed by the line's key, the
 * await (its place among the method's awaits, in code order: the rewrite's state number) and how
 * many times that execution of the line has reached it.
 */
final class DebuggerSession {
    private static final long TIMEOUT_MILLIS = 120_000;

    /** One stop at a breakpoint. */
    static final class Hit {
        final String key;
        /** The method as compiled ({@code name} or {@code name$async}), for messages. */
        final String method;
        final Map<String, String> values;

        Hit(String key, String method, Map<String, String> values) {
            this.key = key;
            this.method = method;
            this.values = values;
        }
    }

    /** What one run showed. */
    static final class Recording {
        final List<Hit> hits = new ArrayList<>();
        /** The first stop of each key. */
        final Map<String, Hit> byKey = new LinkedHashMap<>();
        int breakpoints;
        String output = "";
    }

    /** Types whose {@code toString()} is their value and has no side effect. */
    private static final Set<String> SHOWN_BY_TO_STRING = Set.of("java.lang.StringBuilder", "java.util.ArrayList",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN");

    private final Map<String, Set<String>> asyncMethods;
    /**
     * By {@code class.method}, the awaits by code index: in a resume copy, where the dispatch
     * resumes each state; in the blocking build, each call of {@link BlockingAwait#await}.
     */
    private final Map<String, Map<Long, Integer>> awaits;
    private final Map<String, Integer> reached = new HashMap<>();
    private final Recording recording = new Recording();
    private final Map<String, Integer> lastLine = new HashMap<>();
    private final Map<String, Integer> entries = new HashMap<>();

    private DebuggerSession(Map<String, Set<String>> asyncMethods, Map<String, Map<Long, Integer>> awaits) {
        this.asyncMethods = asyncMethods;
        this.awaits = awaits;
    }

    /**
     * Runs {@code mainClass.method()} through {@link Debuggee} with {@code classPath}, stopping in
     * the methods {@code asyncMethods} names (by class, source names), in both of their copies.
     */
    static Recording record(String classPath, String mainClass, String method, Stages.Mode mode,
            Map<String, Set<String>> asyncMethods, Map<String, Map<Long, Integer>> awaits) throws Exception {
        return new DebuggerSession(asyncMethods, awaits).run(classPath, mainClass, method, mode);
    }

    /** Launches {@link Debuggee} for {@code mainClass.method()}, suspended before it starts. */
    static VirtualMachine launch(String classPath, String mainClass, String method, Stages.Mode mode) throws Exception {
        LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("home").setValue(System.getProperty("java.home"));
        arguments.get("options").setValue("-cp " + classPath + " -Xshare:auto -XX:TieredStopAtLevel=1");
        arguments.get("main").setValue(Debuggee.class.getName() + " " + mainClass + " " + method + " " + mode);
        return connector.launch(arguments);
    }

    private Recording run(String classPath, String mainClass, String method, Stages.Mode mode) throws Exception {
        VirtualMachine vm = launch(classPath, mainClass, method, mode);
        StringBuilder output = new StringBuilder();
        Thread out = drain(vm.process().getInputStream(), output);
        Thread err = drain(vm.process().getErrorStream(), output);
        try {
            EventRequestManager requests = vm.eventRequestManager();
            List<String> types = new ArrayList<>(asyncMethods.keySet());
            types.add(BlockingAwait.class.getName());
            for (String type : types) {
                ClassPrepareRequest prepare = requests.createClassPrepareRequest();
                prepare.addClassFilter(type);
                prepare.setSuspendPolicy(EventRequest.SUSPEND_ALL);
                prepare.enable();
            }
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            boolean connected = true;
            while (connected) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the debuggee did not finish within " + TIMEOUT_MILLIS + " ms:\n" + output);
                }
                EventSet events = vm.eventQueue().remove(1000);
                if (events == null) {
                    continue;
                }
                for (Event event : events) {
                    if (event instanceof ClassPrepareEvent) {
                        stopIn(((ClassPrepareEvent) event).referenceType(), requests);
                    } else if (event instanceof BreakpointEvent) {
                        record((BreakpointEvent) event);
                    } else if (event instanceof VMDisconnectEvent) {
                        connected = false;
                    }
                }
                if (connected) {
                    try {
                        events.resume();
                    } catch (VMDisconnectedException e) {
                        connected = false;
                    }
                }
            }
        } finally {
            try {
                vm.dispose();
            } catch (VMDisconnectedException e) {
                // already gone
            }
            vm.process().waitFor();
            out.join();
            err.join();
        }
        recording.output = output.toString();
        return recording;
    }

    static Thread drain(InputStream stream, StringBuilder into) {
        Thread thread = new Thread(() -> {
            try {
                byte[] bytes = stream.readAllBytes();
                synchronized (into) {
                    into.append(new String(bytes, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "debuggee-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String sourceName(String method) {
        return method.endsWith("$async") ? method.substring(0, method.length() - "$async".length()) : method;
    }

    /** A breakpoint on every line location of both copies of each async method of {@code type}. */
    private void stopIn(ReferenceType type, EventRequestManager requests) throws AbsentInformationException {
        if (type.name().equals(BlockingAwait.class.getName())) {
            for (Method method : type.methodsByName("returning")) {
                BreakpointRequest breakpoint = requests.createBreakpointRequest(method.location());
                breakpoint.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                breakpoint.enable();
            }
            return;
        }
        Set<String> names = asyncMethods.get(type.name());
        if (names == null) {
            return;
        }
        for (Method method : type.methods()) {
            if (!names.contains(sourceName(method.name()))) {
                continue;
            }
            for (Location location : method.allLineLocations()) {
                BreakpointRequest breakpoint = requests.createBreakpointRequest(location);
                breakpoint.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                breakpoint.enable();
                recording.breakpoints++;
            }
        }
    }

    private void record(BreakpointEvent event) throws IncompatibleThreadStateException {
        StackFrame frame = event.thread().frame(0);
        boolean returning = false;
        if (frame.location().declaringType().name().equals(BlockingAwait.class.getName())) {
            int depth = 1;
            while (frame.location().declaringType().name().equals(BlockingAwait.class.getName())) {
                frame = event.thread().frame(depth++);
            }
            returning = true;
        }
        Location location = frame.location();
        String method = location.method().name();
        String type = location.declaringType().name();
        Integer await = awaits.getOrDefault(type + "." + method, Map.of()).get(location.codeIndex());
        if (returning && (await == null || location.method().bytecodes()[(int) location.codeIndex()] != (byte) 0xb8)) {
            throw new AssertionError("not a known call of await (invokestatic): " + location + " " + location.codeIndex());
        }
        String source = type + "." + sourceName(method);
        int line = location.lineNumber();
        String lineKey = source + ":" + line;
        String key;
        if (await != null) { // the middle of the line: of the line's current execution
            Integer entry = entries.get(lineKey);
            String at = lineKey + "#" + (entry == null ? 0 : entry) + "~await" + await;
            key = at + "#" + reached.merge(at, 1, Integer::sum);
        } else {
            Integer previous = lastLine.put(source, line);
            int entry = previous != null && previous == line
                    ? entries.get(lineKey)
                    : entries.merge(lineKey, 1, Integer::sum);
            key = lineKey + "#" + entry;
        }
        Map<String, String> values = new TreeMap<>();
        List<LocalVariable> visible;
        try {
            visible = frame.visibleVariables();
        } catch (AbsentInformationException e) {
            visible = List.of();
        }
        // all values first: calling toString (in render) resumes the thread, which invalidates the frame
        Map<String, Value> read = new TreeMap<>();
        for (LocalVariable variable : visible) {
            try {
                read.put(variable.name(), frame.getValue(variable));
            } catch (RuntimeException e) { // JDWP INVALID_SLOT and the like: the table names a slot that holds nothing
                values.put(variable.name(), "<unreadable: " + e + ">");
            }
        }
        ThreadReference thread = event.thread();
        read.forEach((name, value) -> values.put(name, render(value, 0, thread)));
        Hit hit = new Hit(key, method + ":" + line + (await != null && !returning ? " (resumed)" : ""), values);
        recording.hits.add(hit);
        recording.byKey.putIfAbsent(key, hit);
    }

    /**
     * A value as a debugger shows it, comparable across two JVMs: primitives and strings by value,
     * boxes and enum constants by value, string builders and lists by {@code toString()} (called in
     * the debuggee, as a debugger's variables view does), arrays and the corpus's own objects by
     * their contents (two levels deep), anything else by its type. A future is shown by its type
     * only: in the blocking build an async call's future is already complete when it returns.
     */
    static String render(Value value, int depth, ThreadReference thread) {
        if (value == null) {
            return "null";
        }
        if (value instanceof PrimitiveValue) {
            return value.type().name() + " " + value;
        }
        if (value instanceof StringReference) {
            return '"' + ((StringReference) value).value() + '"';
        }
        ObjectReference object = (ObjectReference) value;
        ReferenceType type = object.referenceType();
        String name = type.name();
        if (value instanceof ArrayReference) {
            ArrayReference array = (ArrayReference) value;
            StringBuilder shown = new StringBuilder(name).append('(').append(array.length()).append(')');
            if (depth < 2 && array.length() <= 8) {
                shown.append('[');
                for (Value element : array.getValues()) {
                    shown.append(render(element, depth + 1, thread)).append(',');
                }
                shown.append(']');
            }
            return shown.toString();
        }
        if (name.startsWith("java.lang.") && type.fieldByName("value") != null
                && (name.endsWith("Integer") || name.endsWith("Long") || name.endsWith("Double")
                        || name.endsWith("Float") || name.endsWith("Short") || name.endsWith("Byte")
                        || name.endsWith("Character") || name.endsWith("Boolean"))) {
            return name + "(" + render(object.getValue(type.fieldByName("value")), depth + 1, thread) + ")";
        }
        if (type instanceof ClassType && ((ClassType) type).superclass() != null
                && ((ClassType) type).superclass().name().equals("java.lang.Enum")) {
            Field constant = ((ClassType) type).superclass().fieldByName("name");
            return name + "." + ((StringReference) object.getValue(constant)).value();
        }
        if (SHOWN_BY_TO_STRING.contains(name)) {
            return name + "(" + invokeToString(object, thread) + ")";
        }
        if (name.contains("$$Lambda")) { // a hidden class: its name differs from run to run
            name = name.substring(0, name.indexOf("$$Lambda")) + "$$Lambda";
        }
        if (name.startsWith("t.") && depth < 2) {
            StringBuilder shown = new StringBuilder(name).append('{');
            for (Field field : type.fields()) {
                if (!field.isStatic()) {
                    shown.append(field.name()).append('=').append(render(object.getValue(field), depth + 1, thread)).append(',');
                }
            }
            return shown.append('}').toString();
        }
        return name;
    }

    private static String invokeToString(ObjectReference object, ThreadReference thread) {
        Method toString = ((ClassType) object.referenceType()).concreteMethodByName("toString", "()Ljava/lang/String;");
        try {
            Value text = object.invokeMethod(thread, toString, List.of(), ObjectReference.INVOKE_SINGLE_THREADED);
            return text == null ? "null" : ((StringReference) text).value();
        } catch (Exception e) {
            throw new AssertionError("toString() failed in the debuggee: " + e, e);
        }
    }
}
