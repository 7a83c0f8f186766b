package dev.awaitj.serverbench

import io.vertx.core.Handler
import io.vertx.core.Vertx
import io.vertx.core.http.HttpServerRequest
import io.vertx.kotlin.coroutines.coAwait
import io.vertx.kotlin.coroutines.dispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch

/**
 * Kotlin coroutines on the Vert.x dispatcher (vertx-lang-kotlin-coroutines): a coroutine per
 * request on the request's context, awaiting Vert.x futures with coAwait().
 */
internal class KotlinHandler(private val work: Work) : Handler<HttpServerRequest> {
    private val scope = CoroutineScope(SupervisorJob())

    override fun handle(request: HttpServerRequest) {
        scope.launch(Vertx.currentContext().dispatcher()) {
            try {
                val later = work.later().coAwait()
                val now = work.now().coAwait()
                request.response().end(later + now)
            } catch (failure: Exception) {
                request.response().setStatusCode(500).end()
            }
        }
    }
}
