/** The {@code @Async} annotation, the only thing user code needs at compile time besides the runtime. */
module dev.awaitj.annotations {
    exports dev.awaitj.annotation;
}
