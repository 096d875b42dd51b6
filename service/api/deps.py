"""Dependencies the handlers receive: the running Services of this process."""

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from service.runtime import Services


def get_services(state: State) -> Services:
    services: Services = state.services
    return services


DEPENDENCIES = {"services": Provide(get_services, sync_to_thread=False)}

# Handlers declare `services: ServicesDep`: an explicit, name-based dependency.
ServicesDep = NamedDependency[Services]
