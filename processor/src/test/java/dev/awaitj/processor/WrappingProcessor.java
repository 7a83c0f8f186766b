package dev.awaitj.processor;

import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A processor decorator, as build tools put around processors: it hands its delegate the
 * environment through {@code wrapper} (a tracking Proxy in IntelliJ; unchanged in Gradle).
 */
final class WrappingProcessor implements Processor {
    private final Processor delegate;
    private final UnaryOperator<ProcessingEnvironment> wrapper;

    WrappingProcessor(UnaryOperator<ProcessingEnvironment> wrapper) {
        this(new AsyncProcessor(), wrapper);
    }

    /** Decorates {@code delegate}, as Gradle's NonIncrementalProcessor and TimeTrackingProcessor do. */
    WrappingProcessor(Processor delegate, UnaryOperator<ProcessingEnvironment> wrapper) {
        this.delegate = delegate;
        this.wrapper = wrapper;
    }

    @Override
    public void init(ProcessingEnvironment env) {
        delegate.init(wrapper.apply(env));
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
            ExecutableElement member, String userText) {
        return delegate.getCompletions(element, annotation, member, userText);
    }
}
