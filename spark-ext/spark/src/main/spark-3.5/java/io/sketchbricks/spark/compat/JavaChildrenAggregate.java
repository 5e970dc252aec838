package io.sketchbricks.spark.compat;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.TypedImperativeAggregate;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A Catalyst aggregate written in Java whose children are a Java list. Catalyst's {@code children()} and
 * {@code withNewChildrenInternal} take Scala collections, which differ between the lines: Scala 2.12's
 * {@code scala.collection.Seq} / {@code IndexedSeq} here (Spark 3.5), Scala 2.13's {@code immutable} ones on Spark 4
 * (the spark-4 source folder's version of this class).
 */
public abstract class JavaChildrenAggregate<T> extends TypedImperativeAggregate<T> {
  /** The children, in order. */
  protected abstract List<Expression> childList();

  /** This aggregate with new children (same count and order as {@link #childList()}). */
  protected abstract TypedImperativeAggregate<T> withChildList(List<Expression> children);

  @Override
  public final Seq<Expression> children() {
    return JavaConverters.asScalaBuffer(childList()).toSeq();
  }

  @Override
  public final TypedImperativeAggregate<T> withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return withChildList(JavaConverters.seqAsJavaList(newChildren));
  }
}
